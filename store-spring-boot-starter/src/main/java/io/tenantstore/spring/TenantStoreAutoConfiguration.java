package io.tenantstore.spring;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import io.tenantstore.ControlPlaneSource;
import io.tenantstore.DataAccessLayer;
import io.tenantstore.DbConfig;
import io.tenantstore.InvalidInputException;
import io.tenantstore.PoolSettings;
import io.tenantstore.Secret;
import io.tenantstore.core.TenantStore;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/**
 * Opens one {@link DataAccessLayer} from {@code tenantstore.store-file}, {@code tenantstore.fs-root}
 * or a control plane in {@code tenantstore.global-db} ({@code control-plane-source: database});
 * nothing when none is set, or when the application defines its own, with the application's
 * {@link Clock} and {@code MeterRegistry} beans when there is exactly one of each, and closes it when
 * the context closes. Thread-safe (Spring configuration).
 */
@AutoConfiguration
@EnableConfigurationProperties(TenantStoreProperties.class)
@Conditional(TenantStoreAutoConfiguration.StoreConfigured.class)
public class TenantStoreAutoConfiguration {
    /** Order of the customizer that hands the store the application's MeterRegistry. */
    public static final int METER_REGISTRY_CUSTOMIZER_ORDER = -100;

    /** Creates the configuration; Spring calls it. */
    public TenantStoreAutoConfiguration() {
    }

    /**
     * @param properties  the {@code tenantstore.*} properties
     * @param clock       the application's clock, if it defines exactly one
     * @param customizers builder customizers, in order
     * @return the open store, closed with the context
     * @throws InvalidInputException when the properties contradict each other or a value is invalid
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(DataAccessLayer.class)
    public DataAccessLayer tenantStore(TenantStoreProperties properties, ObjectProvider<Clock> clock,
                                       ObjectProvider<TenantStoreBuilderCustomizer> customizers) {
        TenantStore.Builder builder = builderFrom(properties);
        Clock c = clock.getIfUnique();
        if (c != null) {
            builder.clock(c);
        }
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        return builder.build();
    }

    /**
     * Fills a builder from the properties.
     *
     * @param p the properties
     * @return the builder
     * @throws InvalidInputException when the properties contradict each other or a value is invalid
     */
    static TenantStore.Builder builderFrom(TenantStoreProperties p) {
        TenantStore.Builder b;
        if (p.getStoreFile() != null) {
            if (p.getFsRoot() != null || p.getDefaultTenantDb().getUrl() != null || p.getGlobalDb().getUrl() != null
                    || p.getControlPlaneSource() != ControlPlaneSource.FILES) {
                throw new InvalidInputException("tenantstore.store-file (" + p.getStoreFile() + ") excludes"
                        + " tenantstore.fs-root, default-tenant-db, global-db and control-plane-source: the file says"
                        + " those");
            }
            b = TenantStore.builder(p.getStoreFile());
        } else if (p.getControlPlaneSource() == ControlPlaneSource.DATABASE) {
            DbConfig global = dbConfig("tenantstore.global-db", p.getGlobalDb());
            if (global == null) {
                throw new InvalidInputException("tenantstore.control-plane-source=database needs tenantstore.global-db"
                        + " (driver and url): the control plane is kept there");
            }
            b = TenantStore.builder().globalDb(global).controlPlaneSource(ControlPlaneSource.DATABASE)
                    .controlPlaneWriter(p.isControlPlaneWriter())
                    .defaultTenantDb(dbConfig("tenantstore.default-tenant-db", p.getDefaultTenantDb()));
            if (p.getFsRoot() != null) {
                b.fsRoot(p.getFsRoot());
            }
        } else {
            b = TenantStore.builder().fsRoot(java.util.Objects.requireNonNull(p.getFsRoot(), "fsRoot"))
                    .controlPlaneWriter(p.isControlPlaneWriter())
                    .defaultTenantDb(dbConfig("tenantstore.default-tenant-db", p.getDefaultTenantDb()))
                    .globalDb(dbConfig("tenantstore.global-db", p.getGlobalDb()));
        }
        TenantStoreProperties.Pools pools = p.getPools();
        if (pools.getMaxPools() != null) {
            b.maxPools(pools.getMaxPools());
        }
        if (pools.getIdleTimeout() != null) {
            b.poolIdleTimeout(pools.getIdleTimeout());
        }
        if (pools.getHealthCheckInterval() != null) {
            b.healthCheckInterval(pools.getHealthCheckInterval());
        }
        if (pools.getMaxCachedTenants() != null) {
            b.maxCachedTenants(pools.getMaxCachedTenants());
        }
        p.getMigrationLocations().forEach(b::addMigrationLocation);
        return b;
    }

    private static @Nullable DbConfig dbConfig(String prefix, TenantStoreProperties.Db db) {
        if (db.getUrl() == null && db.getDriver() == null) {
            return null;
        }
        if (db.getUrl() == null || db.getDriver() == null) {
            throw new InvalidInputException(prefix + " needs both driver and url: driver=" + db.getDriver()
                    + ", url=" + (db.getUrl() == null ? "null" : "set"));
        }
        DbConfig.Builder b = DbConfig.builder(db.getDriver(), db.getUrl())
                .isolation(db.getIsolation())
                .pool(new PoolSettings(db.getMaxPoolSize(), db.getMinIdle(), db.getConnectionTimeout()));
        if (db.getUsername() != null && !db.getUsername().isBlank()) {
            b.username(db.getUsername());
        }
        if (db.getPassword() != null && !db.getPassword().isEmpty()) {
            b.password(Secret.of(db.getPassword()));
        }
        return b.build();
    }

    /** Hands the store the application's MeterRegistry when Micrometer is present. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    static class MicrometerConfiguration {
        @Bean
        @Order(METER_REGISTRY_CUSTOMIZER_ORDER)
        TenantStoreBuilderCustomizer tenantStoreMeterRegistryCustomizer(ObjectProvider<MeterRegistry> registry) {
            return builder -> {
                MeterRegistry r = registry.getIfUnique();
                if (r != null) {
                    builder.meterRegistry(r);
                }
            };
        }
    }

    /**
     * Matches when {@code tenantstore.store-file} or {@code tenantstore.fs-root} is set, or
     * {@code tenantstore.control-plane-source} is {@code database}.
     */
    static final class StoreConfigured extends AnyNestedCondition {
        StoreConfigured() {
            super(ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnProperty(prefix = "tenantstore", name = "store-file")
        static final class StoreFile {
        }

        @ConditionalOnProperty(prefix = "tenantstore", name = "fs-root")
        static final class FsRoot {
        }

        @ConditionalOnProperty(prefix = "tenantstore", name = "control-plane-source", havingValue = "database")
        static final class DatabaseControlPlane {
        }
    }
}
