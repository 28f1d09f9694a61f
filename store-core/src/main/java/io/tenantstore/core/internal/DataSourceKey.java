package io.tenantstore.core.internal;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

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
 * @param credential the password's environment reference, an HMAC of the password under a key
 *                   of this process, or the credential source's configuration; never shown
 */
public record DataSourceKey(String driver, String url, String username, String credential) {
    private static final SecretKeySpec PROCESS_KEY = processKey();

    private static SecretKeySpec processKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return new SecretKeySpec(key, "HmacSHA256");
    }

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
        if (secret.reference().filter(io.tenantstore.core.yaml.EnvSecretResolver::isReference).isPresent()) {
            return "env:" + secret.reference().get(); // one variable, one credential
        }
        // Literal and enc: passwords (an enc: value differs per tenant and field even for one
        // password) are keyed by their value, through an HMAC with a key of this process: equal
        // passwords share a pool, and the key field reveals nothing that could be guessed offline.
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(PROCESS_KEY);
            return "hmac:" + HexFormat.of().formatHex(mac.doFinal(secret.reveal().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is required by the JDK", e);
        }
    }

    /** @return driver, URL and user; never the credential */
    @Override
    public String toString() {
        return driver + ":" + url + (username.isEmpty() ? "" : " as " + username);
    }
}
