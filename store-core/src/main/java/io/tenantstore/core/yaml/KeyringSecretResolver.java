package io.tenantstore.core.yaml;

import java.util.Objects;

import io.tenantstore.Secret;
import io.tenantstore.core.secret.Keyring;

/**
 * Resolves {@code enc:} values with a {@link Keyring} (bound to the owner and field they were
 * written for) and {@code ${ENV}} references from the environment; writes a secret back as its
 * original reference, or encrypted under the keyring's primary key when it has none. Clear text
 * is never read or written. Thread-safe.
 */
public final class KeyringSecretResolver implements SecretResolver {
    private final Keyring keyring;
    private final EnvSecretResolver env;

    /**
     * @param keyring decrypts and encrypts {@code enc:} values
     * @param env     resolves {@code ${ENV}} references
     */
    public KeyringSecretResolver(Keyring keyring, EnvSecretResolver env) {
        this.keyring = Objects.requireNonNull(keyring, "keyring");
        this.env = Objects.requireNonNull(env, "env");
    }

    @Override
    public Secret resolve(String text, SecretSite site) {
        if (Keyring.isEncrypted(text)) {
            return keyring.decrypt(site.owner(), site.field(), text);
        }
        return env.resolve(text, site);
    }

    @Override
    public String reference(Secret secret, SecretSite site) {
        if (secret.reference().isPresent()) {
            String ref = secret.reference().get();
            if (EnvSecretResolver.isReference(ref)) {
                return ref;
            }
            if (Keyring.isEncrypted(ref)) {
                // Keep an enc: value only where it was written for; moved to another tenant or field,
                // it would no longer decrypt, so encrypt it for the new site.
                try {
                    keyring.decrypt(site.owner(), site.field(), ref);
                    return ref;
                } catch (io.tenantstore.SecretException e) {
                    return keyring.encrypt(site.owner(), site.field(), secret);
                }
            }
        }
        return keyring.encrypt(site.owner(), site.field(), secret);
    }
}
