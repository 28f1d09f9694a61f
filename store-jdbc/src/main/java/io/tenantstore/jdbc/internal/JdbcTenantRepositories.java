package io.tenantstore.jdbc.internal;

import java.util.Optional;

import javax.sql.DataSource;

import io.tenantstore.repository.ConsentRepository;
import io.tenantstore.repository.IdentityRepository;
import io.tenantstore.repository.MfaRepository;
import io.tenantstore.repository.OneTimeTokenRepository;
import io.tenantstore.repository.RbacRepository;
import io.tenantstore.repository.TokenRepository;
import io.tenantstore.repository.UserRepository;
import io.tenantstore.spi.TenantRepositories;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;

/**
 * The repositories of one bound tenant, plus {@link #unwrap} to a tenant-scoped {@link Jdbi} or
 * {@link DataSource} for the application's own queries. Small: the statements belong to the
 * target and are shared by all its tenants. Thread-safe.
 */
final class JdbcTenantRepositories implements TenantRepositories {
    /**
     * Jdbi attribute holding the prefix of the tenant's tables: {@code "t_acme".} for schema
     * isolation, empty otherwise, for SQL such as {@code SELECT * FROM <schemaPrefix>orders}.
     */
    static final String SCHEMA_PREFIX = "schemaPrefix";

    private final UserRepository users;
    private final OneTimeTokenRepository oneTimeTokens;
    private final IdentityRepository identities;
    private final TokenRepository tokens;
    private final MfaRepository mfa;
    private final ConsentRepository consents;
    private final RbacRepository rbac;
    private final DataSource dataSource;
    private final Target target;
    private volatile @Nullable Jdbi jdbi;

    JdbcTenantRepositories(UserRepository users, OneTimeTokenRepository oneTimeTokens, IdentityRepository identities,
                           TokenRepository tokens, MfaRepository mfa,
                           ConsentRepository consents, RbacRepository rbac, DataSource dataSource, Target target) {
        this.users = users;
        this.oneTimeTokens = oneTimeTokens;
        this.identities = identities;
        this.tokens = tokens;
        this.mfa = mfa;
        this.consents = consents;
        this.rbac = rbac;
        this.dataSource = dataSource;
        this.target = target;
    }

    @Override
    public UserRepository users() {
        return users;
    }

    @Override
    public TokenRepository tokens() {
        return tokens;
    }

    @Override
    public OneTimeTokenRepository oneTimeTokens() {
        return oneTimeTokens;
    }

    @Override
    public IdentityRepository identities() {
        return identities;
    }

    @Override
    public MfaRepository mfa() {
        return mfa;
    }

    @Override
    public ConsentRepository consents() {
        return consents;
    }

    @Override
    public RbacRepository rbac() {
        return rbac;
    }

    /**
     * Offers {@link Jdbi} and {@link DataSource}, both over the tenant's pool and scoped to the
     * tenant: with {@code schema} isolation unqualified names resolve to the tenant's schema only
     * (the Jdbi also has the attribute {@value #SCHEMA_PREFIX}); with {@code shared} isolation on
     * PostgreSQL every connection has the tenant set for row-level security; on return to the pool
     * the session is reset (see {@link ScopedDataSource}).
     */
    @Override
    public <T> Optional<T> unwrap(Class<T> type) {
        if (type == Jdbi.class) {
            return Optional.of(type.cast(jdbi()));
        }
        if (type == DataSource.class) {
            return Optional.of(type.cast(dataSource));
        }
        return Optional.empty();
    }

    private Jdbi jdbi() {
        Jdbi j = jdbi;
        if (j == null) {
            synchronized (this) {
                j = jdbi;
                if (j == null) {
                    j = Jdbi.create(dataSource);
                    j.define(SCHEMA_PREFIX, target.quotedSchema() == null ? "" : target.quotedSchema() + ".");
                    jdbi = j;
                }
            }
        }
        return j;
    }
}
