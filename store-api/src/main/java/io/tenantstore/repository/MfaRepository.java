package io.tenantstore.repository;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.tenantstore.Secret;
import io.tenantstore.model.MfaTotp;

/** TOTP enrolments, recovery codes and trusted devices of the bound tenant. Thread-safe. */
public interface MfaRepository {
    /** Enrols (or re-enrols, unconfirmed) a TOTP seed. @param userId the user @param secret the seed @return the enrolment */
    MfaTotp upsertTotp(String userId, Secret secret);

    /** @param userId the user @return whether an unconfirmed enrolment was confirmed */
    boolean confirmTotp(String userId);

    /** @param userId the user @return the enrolment, if any */
    Optional<MfaTotp> getTotp(String userId);

    /**
     * Records a used time step; refuses a step not newer than the last one (replay).
     *
     * @param userId the user
     * @param step   the TOTP time step accepted
     * @return whether the step was newer and is now recorded
     */
    boolean markTotpUsed(String userId, long step);

    /** @param userId the user @return whether an enrolment was removed */
    boolean disableTotp(String userId);

    /** Replaces the user's recovery codes. @param userId the user @param codeHashes hashes of the codes */
    void setRecoveryCodes(String userId, List<String> codeHashes);

    /**
     * Uses a recovery code: each code succeeds exactly once, even under concurrency.
     *
     * @param userId   the user
     * @param codeHash hash of the code presented
     * @return whether an unused code matched and is now used
     */
    boolean useRecoveryCode(String userId, String codeHash);

    /** @param userId the user @return how many unused codes remain */
    int remainingRecoveryCodes(String userId);

    /** @param userId the user @return how many codes were deleted */
    int deleteRecoveryCodes(String userId);

    /** @param userId the user @param deviceHash hash of the device token @param ttl how long it is trusted */
    void addTrustedDevice(String userId, String deviceHash, Duration ttl);

    /** @param userId the user @param deviceHash hash of the device token @return whether trusted and not expired */
    boolean isTrustedDevice(String userId, String deviceHash);

    /** @param userId the user @return how many devices were removed */
    int removeTrustedDevices(String userId);
}
