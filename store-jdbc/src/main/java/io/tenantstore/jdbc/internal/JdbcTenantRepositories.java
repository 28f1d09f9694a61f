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
import io.tenantstore.spi.AdapterConfig;
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

    /** What the repositories of every tenant bound on one connection share. */
    interface Parts {
        /** @return the connection's statement runner */
        SqlRunner runner();

        /** @return the store's services */
        AdapterConfig config();

        /** @param tenant the bound tenant @param target its target @return its escape-hatch data source */
        DataSource dataSource(BoundTenant tenant, Target target);
    }

    private final Parts parts;
    private final BoundTenant tenant;
    private final Target target;
    // Each created at its first use (a lost race creates two equal ones, either serves): a cached
    // tenant that only ever reads users holds one repository, not seven.
    private volatile @Nullable UserRepository users;
    private volatile @Nullable OneTimeTokenRepository oneTimeTokens;
    private volatile @Nullable IdentityRepository identities;
    private volatile @Nullable TokenRepository tokens;
    private volatile @Nullable MfaRepository mfa;
    private volatile @Nullable ConsentRepository consents;
    private volatile @Nullable RbacRepository rbac;
    private volatile @Nullable DataSource dataSource;
    private volatile @Nullable Jdbi jdbi;

    JdbcTenantRepositories(Parts parts, BoundTenant tenant, Target target) {
        this.parts = parts;
        this.tenant = tenant;
        this.target = target;
    }

    @Override
    public UserRepository users() {
        UserRepository r = users;
        if (r == null) {
            AdapterConfig c = parts.config();
            users = r = new JdbcUserRepository(parts.runner(), tenant, target.users(), c.clock(), c.passwordHasher());
        }
        return r;
    }

    @Override
    public TokenRepository tokens() {
        TokenRepository r = tokens;
        if (r == null) {
            tokens = r = new JdbcTokenRepository(parts.runner(), tenant, target.tokens(), parts.config().clock());
        }
        return r;
    }

    @Override
    public OneTimeTokenRepository oneTimeTokens() {
        OneTimeTokenRepository r = oneTimeTokens;
        if (r == null) {
            oneTimeTokens = r = new JdbcOneTimeTokenRepository(parts.runner(), tenant, target.oneTimeTokens(),
                    parts.config().clock());
        }
        return r;
    }

    @Override
    public IdentityRepository identities() {
        IdentityRepository r = identities;
        if (r == null) {
            identities = r = new JdbcIdentityRepository(parts.runner(), tenant, target.identities(),
                    parts.config().clock());
        }
        return r;
    }

    @Override
    public MfaRepository mfa() {
        MfaRepository r = mfa;
        if (r == null) {
            AdapterConfig c = parts.config();
            mfa = r = new JdbcMfaRepository(parts.runner(), tenant, target.mfa(), c.clock(), c.dataSecrets());
        }
        return r;
    }

    @Override
    public ConsentRepository consents() {
        ConsentRepository r = consents;
        if (r == null) {
            consents = r = new JdbcConsentRepository(parts.runner(), tenant, target.consents(), parts.config().clock());
        }
        return r;
    }

    @Override
    public RbacRepository rbac() {
        RbacRepository r = rbac;
        if (r == null) {
            rbac = r = new JdbcRbacRepository(parts.runner(), tenant, target.rbac(), parts.config().clock());
        }
        return r;
    }

    private DataSource dataSource() {
        DataSource d = dataSource;
        if (d == null) {
            dataSource = d = parts.dataSource(tenant, target);
        }
        return d;
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
            return Optional.of(type.cast(dataSource()));
        }
        return Optional.empty();
    }

    private Jdbi jdbi() {
        Jdbi j = jdbi;
        if (j == null) {
            synchronized (this) {
                j = jdbi;
                if (j == null) {
                    j = Jdbi.create(dataSource());
                    j.define(SCHEMA_PREFIX, target.tablePrefix());
                    jdbi = j;
                }
            }
        }
        return j;
    }
}
