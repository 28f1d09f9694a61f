package io.tenantstore.model;

import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A user of one tenant.
 *
 * @param id             UUID
 * @param email          login email, unique per tenant (compared case-insensitively)
 * @param emailVerified  whether the email was verified
 * @param displayName    name shown, or {@code null}
 * @param disabled       the disablement, or {@code null} when enabled
 * @param createdAt      creation time
 * @param updatedAt      last write time
 * @param profile        given/family name, picture, locale, zone, phone and metadata
 */
public record User(String id, String email, boolean emailVerified, @Nullable String displayName,
                   @Nullable Disablement disabled, Instant createdAt, Instant updatedAt, UserProfile profile) {
    /** Rejects nulls. */
    public User {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(profile, "profile");
    }

    /**
     * A user with an empty profile.
     *
     * @param id            UUID
     * @param email         login email
     * @param emailVerified whether the email was verified
     * @param displayName   name shown, or {@code null}
     * @param disabled      the disablement, or {@code null}
     * @param createdAt     creation time
     * @param updatedAt     last write time
     */
    public User(String id, String email, boolean emailVerified, @Nullable String displayName,
                @Nullable Disablement disabled, Instant createdAt, Instant updatedAt) {
        this(id, email, emailVerified, displayName, disabled, createdAt, updatedAt, UserProfile.EMPTY);
    }

    /**
     * @param now the current time
     * @return whether the user is disabled at {@code now} (a disablement with an {@code until} in
     *         the past no longer counts)
     */
    public boolean isDisabledAt(Instant now) {
        return disabled != null && (disabled.until() == null || now.isBefore(disabled.until()));
    }

    /**
     * Why and until when a user is disabled.
     *
     * @param at     when
     * @param by     who disabled the user (user id or operator name)
     * @param reason why
     * @param until  when it ends by itself, or {@code null} for never
     */
    public record Disablement(Instant at, String by, String reason, @Nullable Instant until) {
    }
}
