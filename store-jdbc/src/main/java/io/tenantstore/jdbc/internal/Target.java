package io.tenantstore.jdbc.internal;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A migrated target (the default schema, or one tenant schema) and its statements, each rendered
 * once for this target on first use. Shared by every tenant bound to it. Thread-safe.
 *
 * @param schema       the schema, or {@code null} for the connection's default schema
 * @param quotedSchema the schema quoted for SQL, or {@code null}
 * @param guarded      whether row-level security is enforced there, so statements set the tenant
 * @param users        user statements
 * @param tokens       token statements
 * @param mfa          MFA statements
 * @param consents     consent statements
 * @param rbac         RBAC statements
 * @param oneTimeTokens one-time token statements
 * @param identities   identity statements
 */
record Target(@Nullable String schema, @Nullable String quotedSchema, boolean guarded,
              StatementSet<JdbcUserRepository.Sql> users, StatementSet<JdbcTokenRepository.Sql> tokens,
              StatementSet<JdbcMfaRepository.Sql> mfa, StatementSet<JdbcConsentRepository.Sql> consents,
              StatementSet<JdbcRbacRepository.Sql> rbac,
              StatementSet<JdbcOneTimeTokenRepository.Sql> oneTimeTokens,
              StatementSet<JdbcIdentityRepository.Sql> identities) {
    Target {
        Objects.requireNonNull(users, "users");
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(mfa, "mfa");
        Objects.requireNonNull(consents, "consents");
        Objects.requireNonNull(rbac, "rbac");
        Objects.requireNonNull(oneTimeTokens, "oneTimeTokens");
        Objects.requireNonNull(identities, "identities");
    }

    static Target of(SqlRenderer r, @Nullable String schema, @Nullable String quotedSchema, boolean guarded) {
        return new Target(schema, quotedSchema, guarded, new StatementSet<>(r, JdbcUserRepository.Sql.class),
                new StatementSet<>(r, JdbcTokenRepository.Sql.class), new StatementSet<>(r, JdbcMfaRepository.Sql.class),
                new StatementSet<>(r, JdbcConsentRepository.Sql.class), new StatementSet<>(r, JdbcRbacRepository.Sql.class),
                new StatementSet<>(r, JdbcOneTimeTokenRepository.Sql.class),
                new StatementSet<>(r, JdbcIdentityRepository.Sql.class));
    }
}
