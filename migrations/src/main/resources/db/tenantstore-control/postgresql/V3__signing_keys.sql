-- Token-signing keys, a fifth document per tenant (keys.yaml text, empty when the tenant has none):
-- public keys in base64 and private keys only as enc: values encrypted under the store's keyring,
-- bound to the tenant and the key id; a private key is never stored in clear. The revision is
-- the compare-and-set that keeps racing rotations to exactly one active key.
CREATE TABLE ts_cp_signing_keys (
    slug     VARCHAR(63) NOT NULL PRIMARY KEY REFERENCES ts_cp_tenants (slug) ON DELETE CASCADE,
    revision BIGINT      NOT NULL,
    body     TEXT        NOT NULL
);

INSERT INTO ts_cp_signing_keys (slug, revision, body) SELECT slug, 1, '' FROM ts_cp_tenants;
