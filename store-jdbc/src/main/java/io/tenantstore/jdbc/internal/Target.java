package io.tenantstore.jdbc.internal;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A migrated target (the default schema, or one tenant schema) with its statements rendered once.
 * Shared by every tenant bound to it. Immutable.
 *
 * @param schema       the schema, or {@code null} for the connection's default schema
 * @param quotedSchema the schema quoted for SQL, or {@code null}
 * @param guarded      whether row-level security is enforced there, so statements set the tenant
 * @param users        user statements
 * @param tokens       token statements
 * @param mfa          MFA statements
 * @param consents     consent statements
 * @param rbac         RBAC statements
 */
record Target(@Nullable String schema, @Nullable String quotedSchema, boolean guarded,
              JdbcUserRepository.Statements users, JdbcTokenRepository.Statements tokens,
              JdbcMfaRepository.Statements mfa, JdbcConsentRepository.Statements consents,
              JdbcRbacRepository.Statements rbac) {
    Target {
        Objects.requireNonNull(users, "users");
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(mfa, "mfa");
        Objects.requireNonNull(consents, "consents");
        Objects.requireNonNull(rbac, "rbac");
    }

    static Target render(SqlRenderer r, @Nullable String schema, @Nullable String quotedSchema, boolean guarded) {
        return new Target(schema, quotedSchema, guarded, new JdbcUserRepository.Statements(r),
                new JdbcTokenRepository.Statements(r), new JdbcMfaRepository.Statements(r),
                new JdbcConsentRepository.Statements(r), new JdbcRbacRepository.Statements(r));
    }

    /** @return a name for messages */
    String describe() {
        return schema == null ? "the default schema" : "schema '" + schema + "'";
    }
}
