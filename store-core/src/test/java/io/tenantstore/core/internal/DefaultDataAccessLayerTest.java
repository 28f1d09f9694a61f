package io.tenantstore.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.tenantstore.DataAccessLayer;
import io.tenantstore.CacheConfig;
import io.tenantstore.DbConfig;
import io.tenantstore.ErrorCode;
import io.tenantstore.Isolation;
import io.tenantstore.NoDatabaseException;
import io.tenantstore.OperationalMode;
import io.tenantstore.StoreException;
import io.tenantstore.TenantDataAccess;
import io.tenantstore.TenantNotFoundException;
import io.tenantstore.UnavailableException;
import io.tenantstore.core.Argon2idPasswordHasher;
import io.tenantstore.model.NewTenant;
import io.tenantstore.model.Tenant;
import io.tenantstore.model.TenantDatabase;
import io.tenantstore.model.TenantSettings;
import io.tenantstore.noop.NoDatabaseAdapter;
import io.tenantstore.spi.ControlPlaneProvider;
import io.tenantstore.spi.StoreAdapter;
import io.tenantstore.spi.TenantScope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DefaultDataAccessLayerTest {
    private final FakeClock clock = new FakeClock();
    private final FakeAdapter adapter = new FakeAdapter("fake");
    private final FakeControlPlane controlPlane = new FakeControlPlane(clock);
    private final ExecutorService threads = Executors.newFixedThreadPool(64);
    private final List<DataAccessLayer> opened = new ArrayList<>();
    private Object registry;

    private DefaultDataAccessLayer store(DbConfig defaultDb, DbConfig globalDb) {
        return store(defaultDb, globalDb, DefaultDataAccessLayer.DEFAULT_MAX_CACHED_TENANTS);
    }

    private DefaultDataAccessLayer store(DbConfig defaultDb, DbConfig globalDb, int maxCachedTenants) {
        StoreSettings settings = new StoreSettings(Path.of("unused"), "fs", true, defaultDb, globalDb, clock, Runnable::run,
                new Argon2idPasswordHasher(64, 1, 1), 10, Duration.ofMinutes(10), null, List.of(),
                CacheConfig.builder("memory").maxEntries(1000).build(), getClass().getClassLoader(), null, registry);
        NamedServices<StoreAdapter> adapters = NamedServices.of("adapter",
                List.of(adapter, new NoDatabaseAdapter()), StoreAdapter::name, StoreAdapter::aliases);
        NamedServices<ControlPlaneProvider> planes = NamedServices.of("control plane", List.of(controlPlane),
                ControlPlaneProvider::name, p -> Set.of());
        DefaultDataAccessLayer store = new DefaultDataAccessLayer(settings, adapters, planes, maxCachedTenants);
        opened.add(store);
        return store;
    }

    private DefaultDataAccessLayer sharedStore() {
        return store(DbConfig.builder("fake", "fake://shared").isolation(Isolation.SHARED).build(), null);
    }

    @AfterEach
    void close() {
        opened.forEach(DataAccessLayer::close);
        threads.shutdownNow();
    }

    @Test
    void modeAndCapabilitiesFollowTheConfiguredDatabases() {
        assertThat(store(null, null).mode()).isEqualTo(OperationalMode.FS_ONLY);
        assertThat(store(null, null).capabilities().defaultTenantData()).isFalse();
        DefaultDataAccessLayer withDefault = sharedStore();
        assertThat(withDefault.mode()).isEqualTo(OperationalMode.FS_TENANT_DB);
        assertThat(withDefault.capabilities().defaultTenantData()).isTrue();
        assertThat(withDefault.capabilities().controlPlaneWrites()).isTrue();
    }

    @Test
    void globalDbIsRefusedWithATypedErrorUntilTheMirrorExists() {
        assertThatThrownBy(() -> store(null, DbConfig.of("fake", "fake://global")))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION))
                .hasMessageContaining("globalDb");
    }

    @Test
    void unknownDefaultDriverFailsAtStartListingTheAdaptersFound() {
        assertThatThrownBy(() -> store(DbConfig.of("oracle", "jdbc:oracle:thin:@x"), null))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION))
                .hasMessageContaining("'oracle'")
                .hasMessageContaining("fake, noop");
    }

    @Test
    void aTenantWithAnUnknownDriverIsRefusedAtCreateListingTheAdaptersAndNothingIsWritten() {
        DefaultDataAccessLayer store = sharedStore();
        NewTenant oracle = new NewTenant("acme", "Acme", "Acme", TenantSettings.DEFAULTS,
                TenantDatabase.own(DbConfig.of("oracle", "jdbc:oracle:thin:@x")));
        assertThatThrownBy(() -> store.config().tenants().create(oracle))
                .isInstanceOf(io.tenantstore.InvalidInputException.class)
                .hasMessageContaining("'oracle'").hasMessageContaining("fake, noop");
        assertThat(store.config().tenants().list()).isEmpty();
        Tenant fine = store.config().tenants().create(NewTenant.of("acme", "Acme"));
        assertThatThrownBy(() -> store.config().tenants().update(new Tenant(fine.id(), fine.slug(), fine.name(),
                fine.displayName(), fine.settings(), oracle.database(), fine.version(), fine.createdAt(), fine.updatedAt())))
                .isInstanceOf(io.tenantstore.InvalidInputException.class);
        assertThat(store.config().tenants().getBySlug("acme").orElseThrow().database()).isEqualTo(TenantDatabase.useDefault());
    }

    @Test
    void deleteTenantKeepingItsDataSaysWhereTheRowsStayAndDropsTheCachedAccess() {
        DefaultDataAccessLayer store = sharedStore();
        Tenant acme = store.config().tenants().create(NewTenant.of("acme", "Acme"));
        store.forTenant("acme");
        io.tenantstore.TenantDeletion d = store.deleteTenant("acme", io.tenantstore.DataRetention.KEEP);
        assertThat(d.tenantId()).isEqualTo(acme.id());
        assertThat(d.data()).startsWith("kept: its rows stay in the shared tables of fake://shared under tenant id "
                + acme.id());
        assertThat(store.config().tenants().getBySlug("acme")).isEmpty();
        assertThatThrownBy(() -> store.forTenant("acme")).isInstanceOf(TenantNotFoundException.class);
        assertThatThrownBy(() -> store.deleteTenant("acme", io.tenantstore.DataRetention.KEEP))
                .isInstanceOf(TenantNotFoundException.class);
    }

    @Test
    void purgeOnAnAdapterThatCannotPurgeIsRefusedAndTheTenantStays() {
        DefaultDataAccessLayer store = sharedStore();
        store.config().tenants().create(NewTenant.of("acme", "Acme"));
        assertThatThrownBy(() -> store.deleteTenant("acme", io.tenantstore.DataRetention.PURGE))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED))
                .hasMessageContaining("cannot purge");
        assertThat(store.config().tenants().getBySlug("acme")).isPresent();
    }

    @Test
    void warmForTenantReturnsTheCachedAccessBySlugOrId() {
        DefaultDataAccessLayer store = sharedStore();
        Tenant acme = controlPlane.create(NewTenant.of("acme", "Acme"));
        TenantDataAccess first = store.forTenant("acme");
        assertThat(store.forTenant("acme")).isSameAs(first);
        assertThat(store.forTenant(acme.id())).isSameAs(first);
        assertThat(first.id()).isEqualTo(acme.id());
        assertThat(adapter.binds.get()).isEqualTo(1);
        assertThat(store.stats().cachedTenants()).isEqualTo(1);
    }

    @Test
    void unknownTenantRaisesTenantNotFound() {
        DefaultDataAccessLayer store = sharedStore();
        assertThatThrownBy(() -> store.forTenant("ghost"))
                .isInstanceOf(TenantNotFoundException.class)
                .hasMessageContaining("'ghost'");
    }

    @Test
    void sixtyFourConcurrentColdCallersBindOnceAndOpenOnePool() throws Exception {
        DefaultDataAccessLayer store = sharedStore();
        controlPlane.create(NewTenant.of("acme", "Acme"));
        adapter.bindGate = new CountDownLatch(1);
        CyclicBarrier start = new CyclicBarrier(64);
        List<Future<TenantDataAccess>> results = new ArrayList<>();
        List<Thread> callers = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int i = 0; i < 64; i++) {
            results.add(threads.submit(() -> {
                callers.add(Thread.currentThread());
                start.await();
                return store.forTenant("acme");
            }));
        }
        assertThat(adapter.bindEntered.await(10, TimeUnit.SECONDS)).isTrue();
        // Open the gate only when all 64 are parked: one in the bind, 63 on its future.
        while (callers.size() < 64 || !callers.stream().allMatch(t -> t.getState() == Thread.State.WAITING
                || t.getState() == Thread.State.TIMED_WAITING)) {
            Thread.onSpinWait();
        }
        adapter.bindGate.countDown();
        Set<TenantDataAccess> seen = ConcurrentHashMap.newKeySet();
        for (Future<TenantDataAccess> f : results) {
            seen.add(f.get(10, TimeUnit.SECONDS));
        }
        assertThat(seen).hasSize(1);
        assertThat(adapter.connects.get()).isEqualTo(1);
        assertThat(adapter.binds.get()).isEqualTo(1);
        assertThat(store.stats().pools()).singleElement().satisfies(p -> assertThat(p.tenants()).isEqualTo(1));
    }

    @Test
    void aFailedBindIsNotCached() {
        DefaultDataAccessLayer store = sharedStore();
        controlPlane.create(NewTenant.of("acme", "Acme"));
        adapter.failNextConnects.set(1);
        assertThatThrownBy(() -> store.forTenant("acme")).isInstanceOf(UnavailableException.class);
        assertThat(store.forTenant("acme").slug()).isEqualTo("acme");
        assertThat(adapter.connects.get()).isEqualTo(2);
    }

    @Test
    void schemaIsolationGetsTheDefaultSchemaPerTenantOnOneSharedPool() {
        DefaultDataAccessLayer store = store(DbConfig.builder("fake", "fake://srv").isolation(Isolation.SCHEMA).build(),
                null);
        controlPlane.create(NewTenant.of("acme-corp", "Acme"));
        controlPlane.create(NewTenant.of("globex", "Globex"));
        TenantScope acme = store.forTenant("acme-corp").unwrap(TenantScope.class);
        TenantScope globex = store.forTenant("globex").unwrap(TenantScope.class);
        assertThat(acme.schema()).isEqualTo("t_acme_corp");
        assertThat(globex.schema()).isEqualTo("t_globex");
        assertThat(adapter.connects.get()).isEqualTo(1);
        assertThat(store.stats().pools()).singleElement().satisfies(p -> assertThat(p.tenants()).isEqualTo(2));
    }

    @Test
    void ownDatabaseBlockGetsItsOwnPool() {
        DefaultDataAccessLayer store = sharedStore();
        controlPlane.create(new NewTenant("big", "Big", "Big", TenantSettings.DEFAULTS,
                TenantDatabase.own(DbConfig.builder("fake", "fake://big").isolation(Isolation.DATABASE).build())));
        controlPlane.create(NewTenant.of("small", "Small"));
        store.forTenant("big");
        store.forTenant("small");
        assertThat(adapter.connections).extracting(c -> c.config.db().url())
                .containsExactlyInAnyOrder("fake://big", "fake://shared");
    }

    @Test
    void tenantWithoutDatabaseRaisesNoDatabaseNamingTheTenant() {
        DefaultDataAccessLayer store = store(null, null);
        controlPlane.create(NewTenant.of("docs", "Docs"));
        TenantDataAccess docs = store.forTenant("docs");
        assertThat(docs.hasDatabase()).isFalse();
        assertThatThrownBy(docs::requireDatabase).isInstanceOf(NoDatabaseException.class).hasMessageContaining("'docs'");
        assertThatThrownBy(() -> docs.users().getById("x"))
                .isInstanceOf(NoDatabaseException.class)
                .hasMessageContaining("'docs'");
        assertThatThrownBy(() -> docs.unwrap(Object.class)).isInstanceOf(NoDatabaseException.class);
        assertThat(adapter.connects.get()).isZero();
    }

    @Test
    void invalidateDropsTheCachedAccessAndItsHoldButOldReferencesKeepWorking() {
        DefaultDataAccessLayer store = sharedStore();
        controlPlane.create(NewTenant.of("acme", "Acme"));
        TenantDataAccess old = store.forTenant("acme");
        store.invalidate("acme");
        assertThat(store.stats().cachedTenants()).isZero();
        assertThat(store.stats().pools()).singleElement().satisfies(p -> assertThat(p.tenants()).isZero());
        TenantDataAccess fresh = store.forTenant("acme");
        assertThat(fresh).isNotSameAs(old);
        assertThat(old.unwrap(TenantScope.class)).isEqualTo(fresh.unwrap(TenantScope.class));
        assertThat(adapter.binds.get()).isEqualTo(2);
    }

    @Test
    void controlPlaneWriteInvalidatesTheTenant() {
        DefaultDataAccessLayer store = sharedStore();
        Tenant acme = controlPlane.create(NewTenant.of("acme", "Acme"));
        TenantDataAccess before = store.forTenant("acme");
        controlPlane.update(acme.withDisplayName("ACME"));
        TenantDataAccess after = store.forTenant("acme");
        assertThat(after).isNotSameAs(before);
        assertThat(after.tenant().displayName()).isEqualTo("ACME");
        assertThat(before.tenant().displayName()).as("a dropped access reads through the store").isEqualTo("ACME");
    }

    @Test
    void maintenancePicksUpAnotherProcessesControlPlaneChanges() {
        DefaultDataAccessLayer store = sharedStore();
        Tenant acme = controlPlane.create(NewTenant.of("acme", "Acme"));
        TenantDataAccess before = store.forTenant("acme");
        // Another process rewrote acme's tenant.yaml: the store only learns of it from refresh().
        controlPlane.tenants.put("acme", acme.withDisplayName("Changed elsewhere"));
        assertThat(store.forTenant("acme")).isSameAs(before);
        controlPlane.externalChanges.add("acme");
        store.maintain();
        assertThat(controlPlane.refreshes.get()).isEqualTo(1);
        TenantDataAccess after = store.forTenant("acme");
        assertThat(after).isNotSameAs(before);
        assertThat(after.tenant().displayName()).isEqualTo("Changed elsewhere");
    }

    @Test
    void invalidateDuringCreationKeepsTheResultOutOfTheCache() throws Exception {
        DefaultDataAccessLayer store = sharedStore();
        controlPlane.create(NewTenant.of("acme", "Acme"));
        adapter.bindGate = new CountDownLatch(1);
        Future<TenantDataAccess> creating = threads.submit(() -> store.forTenant("acme"));
        assertThat(adapter.bindEntered.await(10, TimeUnit.SECONDS)).isTrue();
        store.invalidate("acme");
        adapter.bindGate.countDown();
        TenantDataAccess stale = creating.get(10, TimeUnit.SECONDS);
        assertThat(store.stats().cachedTenants()).isZero();
        TenantDataAccess next = store.forTenant("acme");
        assertThat(next).isNotSameAs(stale);
        assertThat(adapter.binds.get()).isEqualTo(2);
    }

    @Test
    void idleTenantsAndTheirPoolAreEvictedByMaintenance() {
        DefaultDataAccessLayer store = sharedStore();
        controlPlane.create(NewTenant.of("acme", "Acme"));
        controlPlane.create(NewTenant.of("busy", "Busy"));
        store.forTenant("acme");
        store.forTenant("busy");
        store.maintain(); // first sighting
        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofMinutes(4));
            store.forTenant("busy").users(); // a call through it: looking the tenant up alone is no use
            store.maintain();
        }
        assertThat(store.stats().cachedTenants()).as("acme idle for 12 minutes, busy in use").isEqualTo(1);
        assertThat(adapter.connections.get(0).closed).isFalse();

        clock.advance(Duration.ofMinutes(11));
        store.maintain();
        clock.advance(Duration.ofMinutes(11));
        store.maintain();
        assertThat(store.stats().cachedTenants()).isZero();
        assertThat(adapter.connections.get(0).closed).as("pool closed once no tenant holds it").isTrue();
        assertThat(store.stats().tenantEvictions()).isEqualTo(2);
        assertThat(store.stats().poolEvictions()).isEqualTo(1);

        assertThat(store.forTenant("acme").slug()).isEqualTo("acme");
        assertThat(adapter.connects.get()).as("the next call reconnects").isEqualTo(2);
    }

    @Test
    void cachedTenantAccessesStayWithinTheBoundAndTheLeastRecentlyUsedGoFirst() {
        DefaultDataAccessLayer store = store(DbConfig.builder("fake", "fake://shared").isolation(Isolation.SHARED)
                .build(), null, 32);
        controlPlane.create(NewTenant.of("hot", "Hot"));
        TenantDataAccess hot = store.forTenant("hot");
        TenantDataAccess first = null;
        for (int i = 0; i < 500; i++) {
            controlPlane.create(NewTenant.of("t" + i, "T" + i));
            TenantDataAccess t = store.forTenant("t" + i);
            if (i == 0) {
                first = t;
            }
            // hot is used between every two new tenants, by its handle and by a lookup
            hot.users();
            assertThat(store.forTenant("hot")).isSameAs(hot);
            assertThat(store.stats().cachedTenants()).as("after tenant %d", i).isLessThanOrEqualTo(32);
        }
        assertThat(store.stats().cachedTenants()).isGreaterThanOrEqualTo(30);
        assertThat(store.stats().tenantEvictions()).isEqualTo(501 - store.stats().cachedTenants());
        assertThat(store.forTenant("t499")).as("the most recent stays").isSameAs(store.forTenant("t499"));
        // the first tenant was dropped long ago: its handle still works, through a new access
        assertThat(first.slug()).isEqualTo("t0");
        assertThat(first.users()).isNotNull();
        assertThat(store.forTenant("t0")).isNotSameAs(first);
        assertThat(adapter.connections).as("one pool for every shared tenant, never closed by the bound").hasSize(1);
        assertThat(adapter.connections.get(0).closed).isFalse();
    }

    @Test
    void aCacheBoundBelowOneIsRefused() {
        assertThatThrownBy(() -> store(null, null, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxCachedTenants");
    }

    @Test
    void aFailingControlPlaneScanIsCountedAndTheOtherMaintenanceStepsStillRun() {
        io.micrometer.core.instrument.simple.SimpleMeterRegistry meters =
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        registry = meters;
        DefaultDataAccessLayer store = sharedStore();
        controlPlane.create(NewTenant.of("acme", "Acme"));
        store.forTenant("acme");
        adapter.connections.get(0).healthy = false;
        controlPlane.refreshFailure = new io.tenantstore.StoreException(io.tenantstore.ErrorCode.INTERNAL,
                "tenants/ is unreadable", null);
        store.maintain(); // must not throw
        assertThat(store.maintenanceFailures()).containsEntry(DefaultDataAccessLayer.MaintenanceStep.CONTROL_PLANE_SCAN, 1L)
                .containsEntry(DefaultDataAccessLayer.MaintenanceStep.HEALTH_CHECKS, 0L);
        assertThat(adapter.connections.get(0).closed).as("the health check ran anyway").isTrue();
        assertThat(store.stats().poolEvictions()).isEqualTo(1);
        assertThat(meters.get("tenantstore.maintenance.failures").tag("step", "control_plane_scan")
                .functionCounter().count()).isEqualTo(1.0);
    }

    @Test
    void unhealthyPoolIsEvictedWithItsTenantsAndTheNextCallReconnects() {
        DefaultDataAccessLayer store = sharedStore();
        controlPlane.create(NewTenant.of("acme", "Acme"));
        TenantDataAccess before = store.forTenant("acme");
        adapter.connections.get(0).healthy = false;
        assertThat(store.health().healthy()).isFalse();
        store.maintain();
        assertThat(adapter.connections.get(0).closed).isTrue();
        assertThat(store.stats().cachedTenants()).isZero();
        TenantDataAccess after = store.forTenant("acme");
        assertThat(after).isNotSameAs(before);
        assertThat(adapter.connects.get()).isEqualTo(2);
        assertThat(store.health().healthy()).isTrue();
    }

    @Test
    void meterRegistryGetsGaugesAndCountersOfTheStore() {
        io.micrometer.core.instrument.simple.SimpleMeterRegistry meters =
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        registry = meters;
        DefaultDataAccessLayer store = sharedStore();
        controlPlane.create(NewTenant.of("acme", "Acme"));
        store.forTenant("acme");
        assertThat(meters.get("tenantstore.pools").gauge().value()).isEqualTo(1.0);
        assertThat(meters.get("tenantstore.tenants.cached").gauge().value()).isEqualTo(1.0);
        store.invalidate("acme");
        assertThat(meters.get("tenantstore.tenant.evictions").functionCounter().count()).isEqualTo(1.0);
        assertThat(meters.get("tenantstore.breakers.open").gauge().value()).isZero();
    }

    @Test
    void anOldHandleNeverFollowsItsSlugToANewTenant() {
        DefaultDataAccessLayer store = sharedStore();
        controlPlane.create(NewTenant.of("acme", "Acme"));
        TenantDataAccess old = store.forTenant("acme");
        controlPlane.delete("acme");
        controlPlane.create(NewTenant.of("acme", "Acme again"));
        assertThatThrownBy(old::users).isInstanceOf(TenantNotFoundException.class);
        assertThat(store.forTenant("acme").id()).isNotEqualTo(old.id());
    }

    @Test
    void aPoolEvictedWhileATenantIsBeingCreatedIsNotLeftCached() throws Exception {
        DefaultDataAccessLayer store = sharedStore();
        controlPlane.create(NewTenant.of("acme", "Acme"));
        adapter.bindGate = new CountDownLatch(1);
        Future<TenantDataAccess> creating = threads.submit(() -> store.forTenant("acme"));
        assertThat(adapter.bindEntered.await(10, TimeUnit.SECONDS)).isTrue();
        adapter.connections.get(0).healthy = false;
        store.maintain(); // the health check closes the pool the creation holds
        adapter.bindGate.countDown();
        creating.get(10, TimeUnit.SECONDS);
        assertThat(store.stats().cachedTenants()).isZero();
        adapter.connections.get(0).healthy = true;
        assertThat(store.forTenant("acme").slug()).isEqualTo("acme");
        assertThat(adapter.connects.get()).as("the next call reconnects").isEqualTo(2);
    }

    @Test
    void cacheIsNamespacedPerTenant() {
        DefaultDataAccessLayer store = store(null, null);
        controlPlane.create(NewTenant.of("a", "A"));
        controlPlane.create(NewTenant.of("b", "B"));
        store.forTenant("a").cache().set("session:1", "alice", Duration.ofMinutes(1));
        assertThat(store.forTenant("b").cache().get("session:1")).isEmpty();
        assertThat(store.forTenant("b").cache().deleteByPrefix("")).isZero();
        assertThat(store.forTenant("a").cache().get("session:1")).contains("alice");
    }

    @Test
    void closedStoreRefusesColdCallsAndClosesPoolsAndControlPlane() {
        DefaultDataAccessLayer store = sharedStore();
        controlPlane.create(NewTenant.of("acme", "Acme"));
        store.forTenant("acme");
        store.close();
        assertThat(adapter.connections.get(0).closed).isTrue();
        assertThat(controlPlane.closed).isTrue();
        assertThatThrownBy(() -> store.forTenant("acme"))
                .isInstanceOfSatisfying(UnavailableException.class,
                        e -> assertThat(e.reason()).isEqualTo(UnavailableException.Reason.CLOSED));
    }
}
