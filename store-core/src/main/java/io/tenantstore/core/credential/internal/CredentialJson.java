package io.tenantstore.core.credential.internal;

import io.tenantstore.spi.JsonReader;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

import io.tenantstore.CredentialException;
import io.tenantstore.Secret;
import io.tenantstore.spi.Text;
import io.tenantstore.spi.Credential;

/**
 * Reads the credential document that command and file sources produce:
 * {@code {"username": "...", "password": "...", "expiresAt": "2026-11-21T10:15:00Z"}}.
 * {@code username} falls back to the configured one; {@code expiresAt} is an ISO-8601 instant or
 * epoch seconds, absent or {@code null} for no expiry; other keys are ignored. Messages name the
 * source and the key, never the password. Stateless, thread-safe.
 */
public final class CredentialJson {
    private CredentialJson() {
    }

    /**
     * @param json            the document
     * @param source          names the source in messages, e.g. {@code credential command db-token}
     * @param defaultUsername used when the document has no {@code username}
     * @return the credential
     * @throws CredentialException when the document is not JSON or lacks a usable field
     */
    public static Credential parse(String json, String source, Optional<String> defaultUsername) {
        Object root;
        try {
            root = JsonReader.parse(json);
        } catch (JsonReader.SyntaxException e) {
            throw new CredentialException(source + " did not produce valid JSON: " + e.getMessage());
        }
        if (!(root instanceof Map<?, ?> map)) {
            throw new CredentialException(source + " produced JSON that is not an object");
        }
        Object password = map.get("password");
        if (password == null || password == JsonReader.NULL) {
            throw new CredentialException(source + " produced JSON without a \"password\"");
        }
        if (!(password instanceof String p) || p.isEmpty()) {
            throw new CredentialException(source + " produced a \"password\" that is not a non-empty string");
        }
        String username = username(map.get("username"), source, defaultUsername);
        Optional<Instant> expiresAt = expiresAt(map.get("expiresAt"), source);
        return new Credential(username, Secret.of(p), expiresAt);
    }

    private static String username(Object v, String source, Optional<String> defaultUsername) {
        if (v == null || v == JsonReader.NULL) {
            return defaultUsername.orElseThrow(() -> new CredentialException(source
                    + " produced no \"username\" and the data source has no username configured"));
        }
        if (!(v instanceof String s) || s.isBlank()) {
            throw new CredentialException(source + " produced a \"username\" that is not a non-blank string");
        }
        return s;
    }

    private static Optional<Instant> expiresAt(Object v, String source) {
        if (v == null || v == JsonReader.NULL) {
            return Optional.empty();
        }
        if (v instanceof BigDecimal n) {
            try {
                return Optional.of(Instant.ofEpochSecond(n.longValueExact()));
            } catch (ArithmeticException | java.time.DateTimeException e) {
                throw new CredentialException(source + " produced an \"expiresAt\" that is not whole epoch seconds"
                        + " in range: " + n.toPlainString());
            }
        }
        if (v instanceof String s) {
            try {
                return Optional.of(Instant.parse(s));
            } catch (DateTimeParseException e) {
                throw new CredentialException(source + " produced an \"expiresAt\" that is not an ISO-8601 instant"
                        + " such as 2026-11-21T10:15:00Z: " + Text.quote(s));
            }
        }
        throw new CredentialException(source + " produced an \"expiresAt\" that is neither an ISO-8601 string"
                + " nor epoch seconds");
    }
}
