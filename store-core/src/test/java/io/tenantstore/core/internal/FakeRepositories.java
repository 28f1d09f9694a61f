package io.tenantstore.core.internal;

import java.lang.reflect.Proxy;
import java.util.Optional;

import io.tenantstore.repository.ConsentRepository;
import io.tenantstore.repository.MfaRepository;
import io.tenantstore.repository.RbacRepository;
import io.tenantstore.repository.TokenRepository;
import io.tenantstore.repository.UserRepository;
import io.tenantstore.spi.TenantRepositories;
import io.tenantstore.spi.TenantScope;

/** Repositories that only remember their scope; unwrap(TenantScope.class) returns it. Thread-safe. */
final class FakeRepositories implements TenantRepositories {
    final TenantScope scope;

    FakeRepositories(TenantScope scope) {
        this.scope = scope;
    }

    static <T> T unsupported(Class<T> type) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, m, a) -> {
            if (m.getName().equals("toString")) {
                return "Fake" + type.getSimpleName();
            }
            throw new UnsupportedOperationException("fake " + type.getSimpleName() + "." + m.getName());
        }));
    }

    @Override
    public UserRepository users() {
        return unsupported(UserRepository.class);
    }

    @Override
    public TokenRepository tokens() {
        return unsupported(TokenRepository.class);
    }

    @Override
    public MfaRepository mfa() {
        return unsupported(MfaRepository.class);
    }

    @Override
    public ConsentRepository consents() {
        return unsupported(ConsentRepository.class);
    }

    @Override
    public RbacRepository rbac() {
        return unsupported(RbacRepository.class);
    }

    @Override
    public <T> Optional<T> unwrap(Class<T> type) {
        return type == TenantScope.class ? Optional.of(type.cast(scope)) : Optional.empty();
    }
}
