package io.tenantstore.fs.internal;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

import io.tenantstore.ErrorCode;
import io.tenantstore.Secret;
import io.tenantstore.StoreException;
import org.jspecify.annotations.Nullable;

/**
 * Stores client secrets as salted PBKDF2-HMAC-SHA256 hashes,
 * {@code pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>}, and checks presented secrets in
 * constant time, doing the same work for unknown clients. The only class that knows the stored
 * form, so a later switch to encrypted values changes this class alone. Thread-safe.
 */
final class ClientSecretHasher {
    /** Default: 600,000 iterations (OWASP's figure for PBKDF2-HMAC-SHA256). */
    static final int DEFAULT_ITERATIONS = 600_000;
    static final String PREFIX = "pbkdf2-sha256$";
    private static final Pattern FORMAT =
            Pattern.compile("pbkdf2-sha256\\$([1-9][0-9]{0,8})\\$([A-Za-z0-9+/]{22,}={0,2})\\$([A-Za-z0-9+/]{43}=)");
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final int iterations;
    private final byte[] dummySalt = new byte[SALT_BYTES];

    /**
     * @param iterations PBKDF2 iterations for new hashes (tests use fewer)
     */
    ClientSecretHasher(int iterations) {
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be positive: " + iterations);
        }
        this.iterations = iterations;
        RANDOM.nextBytes(dummySalt);
    }

    /** @return a hasher with {@link #DEFAULT_ITERATIONS} */
    static ClientSecretHasher standard() {
        return new ClientSecretHasher(DEFAULT_ITERATIONS);
    }

    /**
     * @param secret the clear secret
     * @return its stored form, with a fresh salt
     */
    String hash(Secret secret) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        byte[] hash = pbkdf2(secret.reveal(), salt, iterations);
        Base64.Encoder b64 = Base64.getEncoder();
        return PREFIX + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    /**
     * Checks a presented secret against a stored form. When {@code stored} is {@code null} (unknown
     * client, or one without a secret) it still hashes once, so timing does not tell whether the
     * client exists.
     *
     * @param presented the secret presented
     * @param stored    the stored form, or {@code null}
     * @return whether they match
     */
    boolean verify(String presented, @Nullable String stored) {
        Matcher m = stored == null ? null : FORMAT.matcher(stored);
        if (m == null || !m.matches()) {
            pbkdf2(presented, dummySalt, iterations); // the same work as a real check; result unused
            return false;
        }
        int rounds = Integer.parseInt(m.group(1));
        byte[] salt = Base64.getDecoder().decode(m.group(2));
        byte[] expected = Base64.getDecoder().decode(m.group(3));
        return MessageDigest.isEqual(pbkdf2(presented, salt, rounds), expected);
    }

    /**
     * @param text a value from clients.yaml
     * @return whether it is a hash this class wrote
     */
    static boolean isHash(String text) {
        return FORMAT.matcher(text).matches();
    }

    private static byte[] pbkdf2(String secret, byte[] salt, int rounds) {
        // PBKDF2 refuses an empty password; hash a fixed stand-in so the work stays the same.
        char[] chars = secret.isEmpty() ? new char[] {'\0'} : secret.toCharArray();
        PBEKeySpec spec = new PBEKeySpec(chars, salt, rounds, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new StoreException(ErrorCode.INTERNAL, "PBKDF2WithHmacSHA256 is not available in this JDK", e);
        } finally {
            spec.clearPassword();
            Arrays.fill(chars, '\0');
        }
    }

    /** @return the iterations used for new hashes */
    int iterations() {
        return iterations;
    }
}
