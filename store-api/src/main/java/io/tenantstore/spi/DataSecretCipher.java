package io.tenantstore.spi;

import io.tenantstore.Secret;
import io.tenantstore.SecretException;

/**
 * Encrypts the secrets a data-plane adapter stores and must read back (TOTP seeds), with the
 * store's keyring. Each value is bound by associated data to its tenant, its owner (the user) and
 * its field, so a value copied to another row, user or tenant does not decrypt. The stored form
 * never holds the secret in clear. Implementations are thread-safe.
 */
public interface DataSecretCipher {
    /** The setting that gives a store its keyring, named in the refusal of {@link #none()}. */
    String SETTING = "secrets: { keyset: file:keyset.json } in store.yaml (or TenantStore.builder().secrets(keyring))";

    /**
     * @param tenantId the tenant's id
     * @param ownerId  whose secret (the user id)
     * @param field    what it is, e.g. {@code mfa.totp}
     * @param value    the secret
     * @return the form to store (text, never the clear value)
     * @throws SecretException when it cannot be encrypted (no keyring)
     */
    String encrypt(String tenantId, String ownerId, String field, Secret value);

    /**
     * @param tenantId the tenant's id
     * @param ownerId  whose secret
     * @param field    what it is
     * @param stored   the stored form, as returned by {@link #encrypt}
     * @return the secret
     * @throws SecretException when it does not decrypt for this tenant, owner and field (never
     *                         quoting the value), or when the store has no keyring
     */
    Secret decrypt(String tenantId, String ownerId, String field, String stored);

    /**
     * For key rotation: the stored form under the current primary key.
     *
     * @param tenantId the tenant's id
     * @param ownerId  whose secret
     * @param field    what it is
     * @param stored   the stored form
     * @return the form under the primary key; {@code stored} itself when it already is
     * @throws SecretException as {@link #decrypt} does
     */
    default String reEncrypt(String tenantId, String ownerId, String field, String stored) {
        return encrypt(tenantId, ownerId, field, decrypt(tenantId, ownerId, field, stored));
    }

    /**
     * @return the cipher of a store without a keyring: it refuses to store or read secrets, naming
     *         the setting that turns them on
     */
    static DataSecretCipher none() {
        return NoKeyring.INSTANCE;
    }

    /** A store without a keyring. */
    enum NoKeyring implements DataSecretCipher {
        /** The only instance. */
        INSTANCE;

        @Override
        public String encrypt(String tenantId, String ownerId, String field, Secret value) {
            throw new SecretException(field + " cannot be stored: the store has no keyring to encrypt it with;"
                    + " set " + SETTING);
        }

        @Override
        public Secret decrypt(String tenantId, String ownerId, String field, String stored) {
            throw new SecretException(field + " cannot be read: the store has no keyring to decrypt it with;"
                    + " set " + SETTING);
        }
    }
}
