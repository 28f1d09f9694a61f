package io.tenantstore.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tenantstore.DataAccessLayer;
import io.tenantstore.InvalidInputException;
import io.tenantstore.OperationalMode;
import io.tenantstore.UnavailableException;
import io.tenantstore.core.TenantStore;
import io.tenantstore.model.NewTenant;
import io.tenantstore.spring.internal.TenantStoreHealthIndicator;
import io.tenantstore.spring.internal.TenantStoreInfoContributor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class TenantStoreAutoConfigurationTest {
    private static final Instant FIXED = Instant.parse("2030-01-02T03:04:05Z");

    @TempDir
    Path dir;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TenantStoreAutoConfiguration.class,
                    TenantStoreActuatorAutoConfiguration.class));

    @Test
    void withoutPropertiesNoStoreIsOpened() {
        runner.run(ctx -> {
            assertThat(ctx).hasNotFailed();
            assertThat(ctx).doesNotHaveBean(DataAccessLayer.class);
            assertThat(ctx).doesNotHaveBean(TenantStoreHealthIndicator.class);
        });
    }

    @Test
    void fsRootOpensAStoreThatClosesWithTheContext() {
        DataAccessLayer[] seen = new DataAccessLayer[1];
        runner.withPropertyValues("tenantstore.fs-root=" + dir).run(ctx -> {
            assertThat(ctx).hasSingleBean(DataAccessLayer.class);
            DataAccessLayer store = ctx.getBean(DataAccessLayer.class);
            assertThat(store.mode()).isEqualTo(OperationalMode.FS_ONLY);
            store.config().tenants().create(NewTenant.of("acme", "Acme"));
            assertThat(Files.exists(dir.resolve("tenants/acme/tenant.yaml"))).isTrue();
            seen[0] = store;
        });
        assertThatThrownBy(() -> seen[0].forTenant("acme")).isInstanceOf(UnavailableException.class)
                .extracting(e -> ((UnavailableException) e).reason()).isEqualTo(UnavailableException.Reason.CLOSED);
    }

    @Test
    void storeFileIsReadAndTheApplicationClockIsUsed() throws Exception {
        Files.writeString(dir.resolve("store.yaml"), "fsRoot: data\n");
        runner.withPropertyValues("tenantstore.store-file=" + dir.resolve("store.yaml"))
                .withBean(Clock.class, () -> Clock.fixed(FIXED, ZoneOffset.UTC))
                .run(ctx -> {
                    DataAccessLayer store = ctx.getBean(DataAccessLayer.class);
                    assertThat(store.config().tenants().create(NewTenant.of("acme", "Acme")).createdAt())
                            .isEqualTo(FIXED);
                    assertThat(Files.exists(dir.resolve("data/tenants/acme/tenant.yaml"))).isTrue();
                });
    }

    @Test
    void theApplicationMeterRegistryGetsTheStoreMeters() {
        runner.withPropertyValues("tenantstore.fs-root=" + dir)
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .run(ctx -> {
                    ctx.getBean(DataAccessLayer.class);
                    assertThat(ctx.getBean(MeterRegistry.class).find("tenantstore.pools").gauge()).isNotNull();
                });
    }

    @Test
    void aUserDefinedStoreWins() {
        runner.withPropertyValues("tenantstore.fs-root=" + dir.resolve("ignored"))
                .withBean("myStore", DataAccessLayer.class, () -> TenantStore.builder().fsRoot(dir.resolve("mine")).build())
                .run(ctx -> {
                    assertThat(ctx).hasSingleBean(DataAccessLayer.class);
                    assertThat(ctx).hasBean("myStore");
                    ctx.getBean(DataAccessLayer.class).config().tenants().create(NewTenant.of("acme", "Acme"));
                    assertThat(Files.exists(dir.resolve("mine/tenants/acme/tenant.yaml"))).isTrue();
                    assertThat(Files.exists(dir.resolve("ignored"))).isFalse();
                    // the contributors describe the application's store
                    assertThat(ctx).hasSingleBean(TenantStoreHealthIndicator.class);
                });
    }

    @Test
    void customizersRunBeforeTheStoreOpens() {
        runner.withPropertyValues("tenantstore.fs-root=" + dir)
                .withBean(TenantStoreBuilderCustomizer.class, () -> b -> b.clock(Clock.fixed(FIXED, ZoneOffset.UTC)))
                .run(ctx -> assertThat(ctx.getBean(DataAccessLayer.class).config().tenants()
                        .create(NewTenant.of("acme", "Acme")).createdAt()).isEqualTo(FIXED));
    }

    @Test
    void storeFileTogetherWithFsRootIsRefused() throws Exception {
        Files.writeString(dir.resolve("store.yaml"), "fsRoot: data\n");
        runner.withPropertyValues("tenantstore.store-file=" + dir.resolve("store.yaml"), "tenantstore.fs-root=" + dir)
                .run(ctx -> assertThat(ctx).getFailure().rootCause()
                        .isInstanceOf(InvalidInputException.class).hasMessageContaining("excludes tenantstore.fs-root"));
    }

    @Test
    void aDatabaseWithoutDriverIsRefusedNamingTheProperty() {
        runner.withPropertyValues("tenantstore.fs-root=" + dir, "tenantstore.default-tenant-db.url=jdbc:postgresql://h/db")
                .run(ctx -> assertThat(ctx).getFailure().rootCause()
                        .isInstanceOf(InvalidInputException.class)
                        .hasMessageContaining("tenantstore.default-tenant-db needs both driver and url"));
    }

    @Test
    void healthReportsTheControlPlaneAndInfoTheModeAndAdapters() {
        runner.withPropertyValues("tenantstore.fs-root=" + dir).run(ctx -> {
            Health health = ctx.getBean(TenantStoreHealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("mode", "FS_ONLY").containsKeys("controlPlane", "pools");
            Info.Builder info = new Info.Builder();
            ctx.getBean(TenantStoreInfoContributor.class).contribute(info);
            assertThat(info.build().getDetails()).extractingByKey("tenantstore").asString()
                    .contains("mode=FS_ONLY").contains("noop").contains("postgres");
        });
    }

    @Test
    void healthCanBeSwitchedOffAndIsAbsentWithoutTheHealthModule() {
        runner.withPropertyValues("tenantstore.fs-root=" + dir, "management.health.tenantstore.enabled=false")
                .run(ctx -> assertThat(ctx).hasSingleBean(DataAccessLayer.class)
                        .doesNotHaveBean(TenantStoreHealthIndicator.class));
        runner.withPropertyValues("tenantstore.fs-root=" + dir)
                .withClassLoader(new FilteredClassLoader(HealthIndicator.class))
                .run(ctx -> assertThat(ctx).hasSingleBean(DataAccessLayer.class)
                        .doesNotHaveBean(TenantStoreHealthIndicator.class)
                        .hasSingleBean(TenantStoreInfoContributor.class));
    }
}
