package io.tenantstore.spi;

import io.tenantstore.Secret;

/**
 * Turns the stored form of a secret in control-plane files ({@code ${ENV}} or {@code enc:...})
 * into its value and back. The store gives one to its control plane; the stored form never holds
 * a secret in clear. Implementations are thread-safe.
 */
public interface SecretCodec {
    /**
     * @param stored   the value as written in the file
     * @param owner    whose secret: a tenant slug, or {@code store}
     * @param field    the dotted key path, e.g. {@code database.password}
     * @param location {@code file:line}, for messages
     * @return the secret, remembering {@code stored} as its reference
     * @throws io.tenantstore.InvalidInputException for a clear-text value or a missing variable
     * @throws io.tenantstore.SecretException       when the value cannot be decrypted
     */
    Secret decode(String stored, String owner, String field, String location);

    /**
     * @param secret   the secret to store
     * @param owner    whose secret
     * @param field    the dotted key path
     * @param location the file, for messages
     * @return the form to write; never the clear value
     * @throws io.tenantstore.SecretException when the secret cannot be stored safely
     */
    String encode(Secret secret, String owner, String field, String location);
}
