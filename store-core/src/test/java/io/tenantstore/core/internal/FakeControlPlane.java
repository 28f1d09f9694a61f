package io.tenantstore.core.internal;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import io.tenantstore.ConflictException;
import io.tenantstore.HealthReport;
import io.tenantstore.TenantNotFoundException;
import io.tenantstore.model.NewTenant;
import io.tenantstore.model.Tenant;
import io.tenantstore.model.TenantSettings;
import io.tenantstore.repository.ClientRepository;
import io.tenantstore.repository.ScopeRepository;
import io.tenantstore.repository.TenantRepository;
import io.tenantstore.spi.ControlPlane;
import io.tenantstore.spi.ControlPlaneConfig;
import io.tenantstore.spi.ControlPlaneProvider;

/** An in-memory control plane for core tests; clients and scopes are unsupported. Thread-safe. */
final class FakeControlPlane implements ControlPlane, ControlPlaneProvider, TenantRepository {
    final Map<String, Tenant> tenants = new ConcurrentHashMap<>();
    final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    private final Clock clock;
    volatile boolean closed;
    /** Slugs an "other process" changed; reported by the next refresh. */
    final List<String> externalChanges = new CopyOnWriteArrayList<>();
    final java.util.concurrent.atomic.AtomicInteger refreshes = new java.util.concurrent.atomic.AtomicInteger();

    FakeControlPlane(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String name() {
        return "fs";
    }

    @Override
    public ControlPlane open(ControlPlaneConfig config) {
        return this;
    }

    @Override
    public TenantRepository tenants() {
        return this;
    }

    @Override
    public ClientRepository clients(String slug) {
        return FakeRepositories.unsupported(ClientRepository.class);
    }

    @Override
    public ScopeRepository scopes(String slug) {
        return FakeRepositories.unsupported(ScopeRepository.class);
    }

    @Override
    public void addChangeListener(Consumer<String> listener) {
        listeners.add(listener);
    }

    volatile RuntimeException refreshFailure;

    @Override
    public void refresh() {
        refreshes.incrementAndGet();
        RuntimeException failure = refreshFailure;
        if (failure != null) {
            throw failure;
        }
        List<String> changed = List.copyOf(externalChanges);
        externalChanges.clear();
        changed.forEach(this::fire);
    }

    @Override
    public HealthReport.Check health() {
        return new HealthReport.Check("control-plane", true, "in memory");
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public List<Tenant> list() {
        List<Tenant> out = new ArrayList<>(tenants.values());
        out.sort(Comparator.comparing(Tenant::slug));
        return out;
    }

    @Override
    public Optional<Tenant> getBySlug(String slug) {
        return Optional.ofNullable(tenants.get(slug));
    }

    @Override
    public Optional<Tenant> getById(String id) {
        return tenants.values().stream().filter(t -> t.id().equals(id)).findFirst();
    }

    @Override
    public Tenant create(NewTenant n) {
        Tenant t = new Tenant(UUID.randomUUID().toString(), n.slug(), n.name(), n.displayName(), n.settings(),
                n.database(), 1, clock.instant(), clock.instant());
        if (tenants.putIfAbsent(n.slug(), t) != null) {
            throw new ConflictException("tenant " + n.slug() + " exists");
        }
        fire(n.slug());
        return t;
    }

    @Override
    public Tenant update(Tenant t) {
        Tenant stored = tenants.get(t.slug());
        if (stored == null) {
            throw new TenantNotFoundException(t.slug());
        }
        if (stored.version() != t.version()) {
            throw ConflictException.staleVersion("tenant " + t.slug(), t.version(), stored.version());
        }
        Tenant next = new Tenant(t.id(), t.slug(), t.name(), t.displayName(), t.settings(), t.database(),
                t.version() + 1, stored.createdAt(), clock.instant());
        tenants.put(t.slug(), next);
        fire(t.slug());
        return next;
    }

    @Override
    public Tenant updateSettings(String slug, UnaryOperator<TenantSettings> change) {
        Tenant t = tenants.get(slug);
        return update(t.withSettings(change.apply(t.settings())));
    }

    @Override
    public boolean delete(String slug) {
        boolean existed = tenants.remove(slug) != null;
        fire(slug);
        return existed;
    }

    private void fire(String slug) {
        listeners.forEach(l -> l.accept(slug));
    }
}
