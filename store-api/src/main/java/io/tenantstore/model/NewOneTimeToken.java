package io.tenantstore.model;

import java.time.Duration;
import java.util.Objects;

import io.tenantstore.InvalidInputException;
import org.jspecify.annotations.Nullable;

/**
 * What {@code OneTimeTokenRepository.issue} needs. The token itself never reaches the store: the
 * application sends it to the user and stores only its hash. Immutable; thread-safe.
 *
 * @param tokenHash   hash of the token (1 to 256 characters, no whitespace)
 * @param purpose     what the token is for
 * @param userId      the user the token is for, or {@code null} (an invitation to an email only)
 * @param email       the address the token was sent to, or {@code null}
 * @param ttl         lifetime, positive and at most 3650 days
 * @param revokeOlder whether to revoke, in the same write, the user's unconsumed tokens of the
 *                    same purpose (needs a {@code userId})
 */
public record NewOneTimeToken(String tokenHash, OneTimeTokenPurpose purpose, @Nullable String userId,
                              @Nullable String email, Duration ttl, boolean revokeOlder) {
    /**
     * Checks the parts that need no database.
     *
     * @throws InvalidInputException when neither user nor email is given, when {@code revokeOlder}
     *                               has no user, or when the ttl is not positive
     */
    public NewOneTimeToken {
        Objects.requireNonNull(tokenHash, "tokenHash");
        Objects.requireNonNull(purpose, "purpose");
        if (userId == null && email == null) {
            throw new InvalidInputException("a one-time token needs a user id, an email or both");
        }
        if (revokeOlder && userId == null) {
            throw new InvalidInputException("revokeOlder needs a user id: the older tokens are the user's");
        }
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new InvalidInputException("one-time token ttl must be positive: " + ttl);
        }
    }

    /**
     * @param tokenHash hash of the token
     * @param purpose   what it is for
     * @param userId    the user
     * @param ttl       lifetime
     * @return a token for a user that leaves the user's older tokens alone
     */
    public static NewOneTimeToken forUser(String tokenHash, OneTimeTokenPurpose purpose, String userId, Duration ttl) {
        return new NewOneTimeToken(tokenHash, purpose, Objects.requireNonNull(userId, "userId"), null, ttl, false);
    }

    /** @return this request, revoking the user's unconsumed tokens of the same purpose when issued */
    public NewOneTimeToken revokingOlder() {
        return new NewOneTimeToken(tokenHash, purpose, userId, email, ttl, true);
    }

    /** @param address the address the token is sent to @return this request with that email */
    public NewOneTimeToken withEmail(String address) {
        return new NewOneTimeToken(tokenHash, purpose, userId, address, ttl, revokeOlder);
    }

    /** @return a description without the hash */
    @Override
    public String toString() {
        return "NewOneTimeToken[purpose=" + purpose + ", userId=" + userId + ", email=" + email + ", ttl=" + ttl
                + ", revokeOlder=" + revokeOlder + "]";
    }
}
