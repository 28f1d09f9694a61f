package io.tenantstore.noop;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import io.tenantstore.NoDatabaseException;
import io.tenantstore.repository.ConsentRepository;
import io.tenantstore.repository.IdentityRepository;
import io.tenantstore.repository.MfaRepository;
import io.tenantstore.repository.OneTimeTokenRepository;
import io.tenantstore.repository.RbacRepository;
import io.tenantstore.repository.TokenRepository;
import io.tenantstore.repository.UserRepository;
import io.tenantstore.spi.AdapterConfig;
import io.tenantstore.spi.AdapterConnection;
import io.tenantstore.spi.StoreAdapter;
import io.tenantstore.spi.TenantRepositories;
import io.tenantstore.spi.TenantScope;

/**
 * The adapter of tenants that have no database ({@code database: none}, or no default tenant
 * database). Its repositories raise {@link NoDatabaseException} naming the tenant on every method
 * (except {@code Object} methods); nothing is ever stored. Stateless and thread-safe.
 */
public final class NoDatabaseAdapter implements StoreAdapter {
    /** The adapter name. */
    public static final String NAME = "noop";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> aliases() {
        return Set.of("none");
    }

    @Override
    public AdapterConnection connect(AdapterConfig config) {
        return new Connection();
    }

    private static final class Connection implements AdapterConnection {
        @Override
        public TenantRepositories bind(TenantScope scope) {
            return new Repositories(scope.slug());
        }

        @Override
        public boolean ping(Duration timeout) {
            return true;
        }

        @Override
        public void close() {
            // Nothing is held.
        }
    }

    private static final class Repositories implements TenantRepositories {
        private final UserRepository users;
        private final TokenRepository tokens;
        private final MfaRepository mfa;
        private final ConsentRepository consents;
        private final RbacRepository rbac;
        private final OneTimeTokenRepository oneTimeTokens;
        private final IdentityRepository identities;
        private final String slug;

        Repositories(String slug) {
            this.slug = slug;
            this.users = refusing(UserRepository.class, slug);
            this.tokens = refusing(TokenRepository.class, slug);
            this.mfa = refusing(MfaRepository.class, slug);
            this.consents = refusing(ConsentRepository.class, slug);
            this.rbac = refusing(RbacRepository.class, slug);
            this.oneTimeTokens = refusing(OneTimeTokenRepository.class, slug);
            this.identities = refusing(IdentityRepository.class, slug);
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

        @Override
        public OneTimeTokenRepository oneTimeTokens() {
            return oneTimeTokens;
        }

        @Override
        public IdentityRepository identities() {
            return identities;
        }

        @Override
        public <T> Optional<T> unwrap(Class<T> type) {
            throw noDatabase(slug, "unwrap(" + type.getSimpleName() + ")");
        }
    }

    // One proxy per repository interface keeps this adapter from drifting when methods are added.
    private static <T> T refusing(Class<T> type, String slug) {
        InvocationHandler handler = (Object proxy, Method method, Object[] args) -> {
            switch (method.getName()) {
                case "toString":
                    if (method.getParameterCount() == 0) {
                        return "NoDatabase" + type.getSimpleName() + "[" + slug + "]";
                    }
                    break;
                case "hashCode":
                    if (method.getParameterCount() == 0) {
                        return System.identityHashCode(proxy);
                    }
                    break;
                case "equals":
                    if (method.getParameterCount() == 1) {
                        return proxy == args[0];
                    }
                    break;
                default:
                    break;
            }
            throw noDatabase(slug, type.getSimpleName() + "." + method.getName());
        };
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }

    private static NoDatabaseException noDatabase(String slug, String operation) {
        return new NoDatabaseException("tenant '" + slug + "' has no database, so " + operation
                + " cannot work; give it a database block in its tenant.yaml or configure defaultTenantDb");
    }
}
