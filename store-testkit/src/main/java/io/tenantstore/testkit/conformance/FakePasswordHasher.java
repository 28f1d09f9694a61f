package io.tenantstore.testkit.conformance;

import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import io.tenantstore.PasswordHasher;

/**
 * A fast, test-only {@link PasswordHasher}: unsalted SHA-256 behind a {@code fake-sha256$} prefix.
 * Never use it outside tests; it exists so the suite does not spend its time in Argon2id.
 * Thread-safe.
 */
public final class FakePasswordHasher implements PasswordHasher {
    /** The prefix of every hash this hasher writes. */
    public static final String PREFIX = "fake-sha256$";

    @Override
    public String hash(char[] password) {
        return PREFIX + digest(password);
    }

    @Override
    public boolean verify(char[] password, String encoded) {
        if (!encoded.startsWith(PREFIX)) {
            return false;
        }
        return MessageDigest.isEqual(encoded.substring(PREFIX.length()).getBytes(StandardCharsets.US_ASCII),
                digest(password).getBytes(StandardCharsets.US_ASCII));
    }

    private static String digest(char[] password) {
        try {
            var bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
            byte[] data = new byte[bytes.remaining()];
            bytes.get(data);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }
}
