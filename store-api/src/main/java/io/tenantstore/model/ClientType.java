package io.tenantstore.model;

/** OAuth client type (RFC 6749 §2.1). */
public enum ClientType {
    /** Cannot keep a secret (SPA, native app); has none. */
    PUBLIC,
    /** Keeps a secret. */
    CONFIDENTIAL
}
