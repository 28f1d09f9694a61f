package io.tenantstore.core.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import io.tenantstore.CredentialSpec;
import io.tenantstore.DbConfig;
import io.tenantstore.Secret;

/**
 * Identity of a data source: what makes two tenants able to share a pool. Driver, URL, user and
 * the credential source; not the schema or isolation, so every {@code schema} and {@code shared}
 * tenant of a server shares one pool. Immutable.
 *
 * @param driver     adapter name
 * @param url        connection URL
 * @param username   login user, or empty
 * @param credential the password's reference (e.g. {@code ${APP_DB_PASSWORD}}) or a digest of
 *                   the password; never shown
 */
public record DataSourceKey(String driver, String url, String username, String credential) {

    /**
     * @param config a database config
     * @return its data source identity
     */
    public static DataSourceKey of(DbConfig config) {
        String credential = config.password().map(DataSourceKey::credentialId)
                .or(() -> config.credentials().map(DataSourceKey::credentialId)).orElse("");
        return new DataSourceKey(config.driver(), config.url(), config.username().orElse(""), credential);
    }

    private static String credentialId(CredentialSpec spec) {
        CredentialSpec.Source s = spec.source();
        if (s instanceof CredentialSpec.Static st) {
            return "static:" + credentialId(st.password());
        }
        // A provider's identity is its configuration (which variable, file or program); two
        // tenants naming the same one share a pool and a refresher.
        return s.kind() + ":" + s + ":" + spec.refresh();
    }

    private static String credentialId(Secret secret) {
        if (secret.reference().isPresent()) {
            return "ref:" + secret.reference().get();
        }
        try {
            // A digest keeps two passwords for one user apart without keeping the password in the key.
            byte[] d = MessageDigest.getInstance("SHA-256").digest(secret.reveal().getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the JDK", e);
        }
    }

    /** @return driver, URL and user; never the credential */
    @Override
    public String toString() {
        return driver + ":" + url + (username.isEmpty() ? "" : " as " + username);
    }
}
