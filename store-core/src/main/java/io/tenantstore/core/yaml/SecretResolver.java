package io.tenantstore.core.yaml;

import io.tenantstore.Secret;

/**
 * Turns the stored form of a secret in YAML into its value, and a value back into a form safe to
 * store. The environment implementation ({@link EnvSecretResolver}) handles {@code ${ENV_VAR}}; a
 * keyring implementation handles {@code enc:} values. Implementations are thread-safe.
 */
public interface SecretResolver {
    /**
     * @param text the value as written in the file
     * @param site where it was found
     * @return the secret, remembering {@code text} as its {@link Secret#reference()}
     * @throws io.tenantstore.InvalidInputException for a clear-text value or a missing variable
     * @throws io.tenantstore.SecretException       when the value cannot be decrypted
     */
    Secret resolve(String text, SecretSite site);

    /**
     * @param secret a secret to be written
     * @param site   where it will be written
     * @return the form to write: never the clear value
     * @throws io.tenantstore.SecretException when the secret cannot be written safely
     */
    String reference(Secret secret, SecretSite site);
}
