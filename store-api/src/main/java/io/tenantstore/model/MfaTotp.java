package io.tenantstore.model;

import java.time.Instant;
import java.util.Objects;

import io.tenantstore.Secret;
import org.jspecify.annotations.Nullable;

/**
 * A user's TOTP enrolment.
 *
 * @param userId       the user
 * @param secret       the shared TOTP seed
 * @param confirmed    whether the user proved possession
 * @param lastUsedStep the last accepted time step (replay protection), or {@code null}
 * @param createdAt    enrolment time
 * @param confirmedAt  confirmation time, or {@code null}
 */
public record MfaTotp(String userId, Secret secret, boolean confirmed, @Nullable Long lastUsedStep,
                      Instant createdAt, @Nullable Instant confirmedAt) {
    /** Rejects nulls. */
    public MfaTotp {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
