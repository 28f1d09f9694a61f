package io.tenantstore.jdbc.internal;

import java.util.Objects;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A migrated target (the default schema, or one tenant schema) and its statements, each rendered
 * once for this target on first use. Shared by every tenant bound to it. Small on purpose: with
 * thousands of schema targets this is most of a cached tenant's memory, so a repository's
 * statement set is created when a repository of the target first needs it, and the schema's quoted
 * form lives only in the renderer's table prefix. Thread-safe (a lost race creates two equal
 * statement sets; either serves).
 */
final class Target {
    private final @Nullable String schema;
    private final SqlRenderer renderer;
    private final boolean guarded;
    private volatile @Nullable StatementSet<JdbcUserRepository.Sql> users;
    private volatile @Nullable StatementSet<JdbcTokenRepository.Sql> tokens;
    private volatile @Nullable StatementSet<JdbcMfaRepository.Sql> mfa;
    private volatile @Nullable StatementSet<JdbcConsentRepository.Sql> consents;
    private volatile @Nullable StatementSet<JdbcRbacRepository.Sql> rbac;
    private volatile @Nullable StatementSet<JdbcOneTimeTokenRepository.Sql> oneTimeTokens;
    private volatile @Nullable StatementSet<JdbcIdentityRepository.Sql> identities;
    /** The tenant last found to be the only owner of this schema target: checked once per tenant. */
    private volatile @Nullable UUID owner;
    /** Set when this process created the schema, empty, just before this target: no owner check needed. */
    private boolean createdEmpty;

    private Target(@Nullable String schema, SqlRenderer renderer, boolean guarded) {
        this.schema = schema;
        this.renderer = Objects.requireNonNull(renderer, "renderer");
        this.guarded = guarded;
    }

    /**
     * @param r            the target's renderer (it holds the quoted schema)
     * @param schema       the schema, or {@code null} for the connection's default schema
     * @param quotedSchema the schema quoted for SQL, or {@code null}; must be what {@code r} qualifies with
     * @param guarded      whether row-level security is enforced there, so statements set the tenant
     * @return the target
     */
    static Target of(SqlRenderer r, @Nullable String schema, @Nullable String quotedSchema, boolean guarded) {
        if (!Objects.equals(quotedSchema, r.quotedSchema())) {
            throw new IllegalArgumentException("the renderer qualifies with " + r.quotedSchema() + ", not " + quotedSchema);
        }
        return new Target(schema, r, guarded);
    }

    @Nullable String schema() {
        return schema;
    }

    @Nullable String quotedSchema() {
        return renderer.quotedSchema();
    }

    /** @return the prefix of qualified table names: {@code "t_acme".}, or empty */
    String tablePrefix() {
        return renderer.table("");
    }

    boolean guarded() {
        return guarded;
    }

    @Nullable UUID owner() {
        return owner;
    }

    void owner(UUID tenantId) {
        owner = tenantId;
    }

    /** Marks the schema as created empty here (by a cold start): the first tenant bound owns it unchecked. */
    synchronized void createdEmpty() {
        createdEmpty = true;
    }

    /** @return whether the schema was created empty here and no tenant has owned it since; clears the mark */
    synchronized boolean takeCreatedEmpty() {
        boolean empty = createdEmpty;
        createdEmpty = false;
        return empty;
    }

    StatementSet<JdbcUserRepository.Sql> users() {
        StatementSet<JdbcUserRepository.Sql> s = users;
        if (s == null) {
            users = s = new StatementSet<>(renderer, JdbcUserRepository.Sql.class);
        }
        return s;
    }

    StatementSet<JdbcTokenRepository.Sql> tokens() {
        StatementSet<JdbcTokenRepository.Sql> s = tokens;
        if (s == null) {
            tokens = s = new StatementSet<>(renderer, JdbcTokenRepository.Sql.class);
        }
        return s;
    }

    StatementSet<JdbcMfaRepository.Sql> mfa() {
        StatementSet<JdbcMfaRepository.Sql> s = mfa;
        if (s == null) {
            mfa = s = new StatementSet<>(renderer, JdbcMfaRepository.Sql.class);
        }
        return s;
    }

    StatementSet<JdbcConsentRepository.Sql> consents() {
        StatementSet<JdbcConsentRepository.Sql> s = consents;
        if (s == null) {
            consents = s = new StatementSet<>(renderer, JdbcConsentRepository.Sql.class);
        }
        return s;
    }

    StatementSet<JdbcRbacRepository.Sql> rbac() {
        StatementSet<JdbcRbacRepository.Sql> s = rbac;
        if (s == null) {
            rbac = s = new StatementSet<>(renderer, JdbcRbacRepository.Sql.class);
        }
        return s;
    }

    StatementSet<JdbcOneTimeTokenRepository.Sql> oneTimeTokens() {
        StatementSet<JdbcOneTimeTokenRepository.Sql> s = oneTimeTokens;
        if (s == null) {
            oneTimeTokens = s = new StatementSet<>(renderer, JdbcOneTimeTokenRepository.Sql.class);
        }
        return s;
    }

    StatementSet<JdbcIdentityRepository.Sql> identities() {
        StatementSet<JdbcIdentityRepository.Sql> s = identities;
        if (s == null) {
            identities = s = new StatementSet<>(renderer, JdbcIdentityRepository.Sql.class);
        }
        return s;
    }

    SqlRenderer renderer() {
        return renderer;
    }

    @Override
    public String toString() {
        return "Target[" + (schema == null ? "default schema" : schema) + (guarded ? ", row-level security" : "") + "]";
    }
}
