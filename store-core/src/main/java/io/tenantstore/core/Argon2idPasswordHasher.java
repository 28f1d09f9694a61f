package io.tenantstore.core;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

import io.tenantstore.InvalidInputException;
import io.tenantstore.PasswordHasher;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * The default {@link PasswordHasher}: Argon2id (RFC 9106) through Bouncy Castle, encoded in the
 * PHC string format {@code $argon2id$v=19$m=<KiB>,t=<iterations>,p=<lanes>$<salt>$<hash>}, so a
 * hash carries its parameters and old hashes stay checkable after the defaults change.
 * Thread-safe.
 */
public final class Argon2idPasswordHasher implements PasswordHasher {
    /** Memory cost. Default: 19 MiB (OWASP password storage recommendation). */
    public static final int DEFAULT_MEMORY_KIB = 19 * 1024;
    /** Iterations. Default: 2. */
    public static final int DEFAULT_ITERATIONS = 2;
    /** Lanes. Default: 1. */
    public static final int DEFAULT_PARALLELISM = 1;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final int MAX_PASSWORD_CHARS = 4096;
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    private final int memoryKib;
    private final int iterations;
    private final int parallelism;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param memoryKib   memory cost in KiB, at least 8 × parallelism
     * @param iterations  iterations, at least 1
     * @param parallelism lanes, 1 to 16
     */
    public Argon2idPasswordHasher(int memoryKib, int iterations, int parallelism) {
        if (parallelism < 1 || parallelism > 16) {
            throw new InvalidInputException("argon2 parallelism must be between 1 and 16: " + parallelism);
        }
        if (memoryKib < 8 * parallelism || memoryKib > 4 * 1024 * 1024) {
            throw new InvalidInputException("argon2 memory must be between " + 8 * parallelism + " and 4194304 KiB: "
                    + memoryKib);
        }
        if (iterations < 1 || iterations > 100) {
            throw new InvalidInputException("argon2 iterations must be between 1 and 100: " + iterations);
        }
        this.memoryKib = memoryKib;
        this.iterations = iterations;
        this.parallelism = parallelism;
    }

    /** @return a hasher with the default parameters */
    public static Argon2idPasswordHasher defaults() {
        return new Argon2idPasswordHasher(DEFAULT_MEMORY_KIB, DEFAULT_ITERATIONS, DEFAULT_PARALLELISM);
    }

    @Override
    public String hash(char[] password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = derive(password, salt, memoryKib, iterations, parallelism, HASH_BYTES);
        return "$argon2id$v=19$m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism + "$" + B64.encodeToString(salt)
                + "$" + B64.encodeToString(hash);
    }

    @Override
    public boolean verify(char[] password, String encoded) {
        if (encoded == null) {
            return false;
        }
        String[] parts = encoded.split("\\$");
        // ["", "argon2id", "v=19", "m=..,t=..,p=..", salt, hash]
        if (parts.length != 6 || !parts[1].equals("argon2id") || !parts[2].equals("v=19")) {
            return false;
        }
        try {
            int m = 0;
            int t = 0;
            int p = 0;
            for (String kv : parts[3].split(",")) {
                String[] pair = kv.split("=", 2);
                int v = Integer.parseInt(pair[1]);
                switch (pair[0]) {
                    case "m" -> m = v;
                    case "t" -> t = v;
                    case "p" -> p = v;
                    default -> {
                        return false;
                    }
                }
            }
            if (m < 8 || m > 4 * 1024 * 1024 || t < 1 || t > 100 || p < 1 || p > 16) {
                return false; // refuse parameters that would let a stored hash exhaust the server
            }
            byte[] salt = B64D.decode(parts[4]);
            byte[] expected = B64D.decode(parts[5]);
            if (expected.length < 16 || expected.length > 64) {
                return false;
            }
            byte[] actual = derive(password, salt, m, t, p, expected.length);
            return MessageDigest.isEqual(expected, actual);
        } catch (RuntimeException e) {
            return false; // a malformed stored hash, or an over-long password: never a match
        }
    }

    private static byte[] derive(char[] password, byte[] salt, int m, int t, int p, int length) {
        if (password.length > MAX_PASSWORD_CHARS) {
            throw new InvalidInputException("password must be at most " + MAX_PASSWORD_CHARS + " characters: "
                    + password.length);
        }
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        try {
            Argon2BytesGenerator gen = new Argon2BytesGenerator();
            gen.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id).withVersion(Argon2Parameters.ARGON2_VERSION_13)
                    .withSalt(salt).withMemoryAsKB(m).withIterations(t).withParallelism(p).build());
            byte[] out = new byte[length];
            gen.generateBytes(bytes, out);
            return out;
        } finally {
            Arrays.fill(bytes, (byte) 0);
            if (encoded.hasArray()) {
                Arrays.fill(encoded.array(), (byte) 0);
            }
        }
    }

    @Override
    public String toString() {
        return "Argon2idPasswordHasher[m=" + memoryKib + "KiB, t=" + iterations + ", p=" + parallelism + "]";
    }
}
