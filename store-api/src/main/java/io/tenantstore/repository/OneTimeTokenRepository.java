package io.tenantstore.repository;

import java.time.Instant;
import java.util.Optional;

import io.tenantstore.model.NewOneTimeToken;
import io.tenantstore.model.OneTimeToken;
import io.tenantstore.model.OneTimeTokenPurpose;

/**
 * Single-use tokens of the bound tenant (email verification, password reset, magic links,
 * invitations), stored by hash only. Thread-safe.
 *
 * <p>{@link #consume} answers with an empty result, never an error, for every token that cannot be
 * used: unknown, of another purpose, expired, revoked or already consumed. A caller showing "this
 * link is invalid or has expired" needs no more, and telling the cases apart would tell a guesser
 * which hashes exist.
 */
public interface OneTimeTokenRepository {
    /** How many expired tokens {@link #deleteExpired} deletes per statement. */
    int DELETE_BATCH = 500;

    /**
     * Stores a token. With {@link NewOneTimeToken#revokeOlder()} the user's unconsumed tokens of the
     * same purpose are revoked by the same write (on MongoDB: right after the insert; when that
     * step fails the new token is removed again and the error raised).
     *
     * @param token the token
     * @return the stored token
     * @throws io.tenantstore.InvalidInputException when the hash, user id, email or ttl is malformed
     * @throws io.tenantstore.NotFoundException     when the user does not exist in this tenant
     * @throws io.tenantstore.ConflictException     when a token with that hash exists in this tenant
     */
    OneTimeToken issue(NewOneTimeToken token);

    /**
     * Uses a token up, atomically: of concurrent callers presenting the same usable token exactly
     * one gets it.
     *
     * @param tokenHash hash of the presented token
     * @param purpose   what the caller is about to do with it
     * @return the consumed token, or empty when no usable token of that purpose has that hash
     * @throws io.tenantstore.InvalidInputException when the hash is malformed
     */
    Optional<OneTimeToken> consume(String tokenHash, OneTimeTokenPurpose purpose);

    /**
     * @param tokenHash a hash
     * @return the token in any state, if stored
     * @throws io.tenantstore.InvalidInputException when the hash is malformed
     */
    Optional<OneTimeToken> getByHash(String tokenHash);

    /**
     * Revokes a user's unconsumed, unrevoked tokens of one purpose (for instance every pending
     * password reset once the password was changed).
     *
     * @param userId  the user
     * @param purpose the purpose
     * @return how many were revoked
     * @throws io.tenantstore.InvalidInputException when the user id is not a UUID
     */
    int revokeAll(String userId, OneTimeTokenPurpose purpose);

    /**
     * Deletes the tokens that expired at or before {@code before}, in statements of at most
     * {@link #DELETE_BATCH} tokens each, so a large purge never holds many locks or a long
     * transaction.
     *
     * @param before the cut-off
     * @return how many were deleted
     */
    int deleteExpired(Instant before);
}
