package io.tenantstore.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import io.tenantstore.DataAccessLayer;
import io.tenantstore.DbConfig;
import io.tenantstore.ErrorCode;
import io.tenantstore.InvalidInputException;
import io.tenantstore.Isolation;
import io.tenantstore.OperationalMode;
import io.tenantstore.StoreException;
import io.tenantstore.core.TenantStore;
import io.tenantstore.model.NewTenant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The builder takes adapter and control-plane instances, and chooses the control plane by name. */
class BuilderInstancesTest {
    @TempDir
    Path dir;

    private final FakeControlPlane controlPlane = new FakeControlPlane(Clock.systemUTC());

    private TenantStore.Builder builder() {
        return TenantStore.builder().fsRoot(dir).noBackgroundMaintenance();
    }

    @Test
    void aControlPlaneInstanceIsUsedWithoutAServiceEntry() {
        try (DataAccessLayer store = builder().controlPlane(controlPlane).build()) {
            store.config().tenants().create(NewTenant.of("acme", "Acme"));
            assertThat(controlPlane.getBySlug("acme")).as("the store wrote through the given instance").isPresent();
        }
    }

    @Test
    void anUnknownControlPlaneNameIsRefusedListingTheKnownOnes() {
        TenantStore.Builder b = builder().controlPlane(controlPlane).controlPlane("etcd");
        assertThatThrownBy(b::build)
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION))
                .hasMessageContaining("no control plane named 'etcd'")
                .hasMessageContaining("found: fs");
    }

    @Test
    void theControlPlaneNameFromStoreYamlIsChecked() throws IOException {
        Path yaml = dir.resolve("store.yaml");
        Files.writeString(yaml, "fsRoot: data\ncontrolPlane: { provider: etcd, role: reader }\n");
        TenantStore.Builder b = TenantStore.builder(yaml).noBackgroundMaintenance();
        assertThatThrownBy(b::build)
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION))
                .hasMessageContaining("no control plane named 'etcd'");
    }

    @Test
    void anAdapterInstanceServesItsDriverName() {
        DbConfig db = DbConfig.builder("fake", "fake://shared").isolation(Isolation.SHARED).build();
        assertThatThrownBy(() -> builder().controlPlane(controlPlane).defaultTenantDb(db).build())
                .as("without the instance no adapter is named fake")
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("no adapter named 'fake'");
        FakeAdapter adapter = new FakeAdapter("fake");
        try (DataAccessLayer store = builder().controlPlane(controlPlane).adapter(adapter).defaultTenantDb(db).build()) {
            assertThat(store.mode()).isEqualTo(OperationalMode.detect(null, db));
        }
    }

    @Test
    void theBoundOnWarmTenantAccessesIsASettingInCodeAndInStoreYaml() throws IOException {
        DbConfig db = DbConfig.builder("fake", "fake://shared").isolation(Isolation.SHARED).build();
        try (DataAccessLayer store = builder().controlPlane(controlPlane).adapter(new FakeAdapter("fake"))
                .defaultTenantDb(db).maxCachedTenants(4).build()) {
            warm(store, 40);
            assertThat(store.stats().cachedTenants()).as("bound set in code").isBetween(1, 4);
            assertThat(store.stats().tenantEvictions()).isGreaterThanOrEqualTo(36);
        }
        Path yaml = dir.resolve("bounded.yaml");
        Files.writeString(yaml, "fsRoot: data\ndefaultTenantDb: { driver: fake, url: 'fake://shared', isolation: shared }\n"
                + "pools: { maxCachedTenants: 6 }\n");
        FakeControlPlane other = new FakeControlPlane(Clock.systemUTC());
        try (DataAccessLayer store = TenantStore.builder(yaml).noBackgroundMaintenance().controlPlane(other)
                .adapter(new FakeAdapter("fake")).build()) {
            warm(store, 40);
            assertThat(store.stats().cachedTenants()).as("bound read from store.yaml").isBetween(1, 6);
        }
        assertThatThrownBy(() -> builder().maxCachedTenants(0)).isInstanceOf(InvalidInputException.class)
                .hasMessage("maxCachedTenants must be between 1 and 10000000: 0");
    }

    private static void warm(DataAccessLayer store, int tenants) {
        for (int i = 0; i < tenants; i++) {
            store.config().tenants().create(NewTenant.of("t" + i, "T" + i));
            store.forTenant("t" + i).users();
        }
    }

    @Test
    void twoAdapterInstancesClaimingOneNameAreRefused() {
        TenantStore.Builder b = builder().controlPlane(controlPlane)
                .adapter(new FakeAdapter("fake")).adapter(new FakeAdapter("fake"));
        assertThatThrownBy(b::build)
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("adapter name claimed twice: 'fake'");
    }
}
