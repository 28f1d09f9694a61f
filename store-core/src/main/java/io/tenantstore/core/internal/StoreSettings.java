package io.tenantstore.core.internal;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;

import io.tenantstore.CacheConfig;
import io.tenantstore.ControlPlaneSource;
import io.tenantstore.DbConfig;
import io.tenantstore.PasswordHasher;
import io.tenantstore.core.secret.Keyring;
import org.jspecify.annotations.Nullable;

/**
 * Everything a store is opened with, validated by the builder. Immutable.
 *
 * @param fsRoot              control-plane root
 * @param controlPlane        control-plane provider name
 * @param writer              whether this process writes the control plane
 * @param defaultTenantDb     default tenant database, or {@code null}
 * @param globalDb            global database, or {@code null}
 * @param clock               time source
 * @param executor            background work
 * @param passwordHasher      password hasher
 * @param maxPools            pool budget
 * @param poolIdleTimeout     idle time after which unheld pools and unused tenant accesses go
 * @param healthCheckInterval maintenance period; {@code null} for no background maintenance
 * @param migrationLocations  application migration locations
 * @param cache               which tenant cache (Default: in memory) and its settings
 * @param classLoader         where adapters are discovered
 * @param keyring             decrypts and encrypts {@code enc:} values in the control plane, or {@code null}
 * @param meterRegistry       a Micrometer {@code MeterRegistry}, or {@code null}
 * @param controlPlaneSource  where the control plane is kept: the files (Default) or the global database
 */
public record StoreSettings(Path fsRoot, String controlPlane, boolean writer, @Nullable DbConfig defaultTenantDb,
                            @Nullable DbConfig globalDb, Clock clock, Executor executor, PasswordHasher passwordHasher,
                            int maxPools, Duration poolIdleTimeout, @Nullable Duration healthCheckInterval,
                            List<String> migrationLocations, CacheConfig cache, ClassLoader classLoader,
                            @Nullable Keyring keyring, @Nullable Object meterRegistry,
                            ControlPlaneSource controlPlaneSource) {
    /** Copies the list. */
    public StoreSettings {
        migrationLocations = List.copyOf(migrationLocations);
        java.util.Objects.requireNonNull(controlPlaneSource, "controlPlaneSource");
    }

    /**
     * Settings whose control plane is kept in files.
     *
     * @param fsRoot              control-plane root
     * @param controlPlane        control-plane provider name
     * @param writer              whether this process writes the control plane
     * @param defaultTenantDb     default tenant database, or {@code null}
     * @param globalDb            global database, or {@code null}
     * @param clock               time source
     * @param executor            background work
     * @param passwordHasher      password hasher
     * @param maxPools            pool budget
     * @param poolIdleTimeout     idle timeout
     * @param healthCheckInterval maintenance period, or {@code null}
     * @param migrationLocations  application migration locations
     * @param cache               the tenant cache
     * @param classLoader         where adapters are discovered
     * @param keyring             the keyring, or {@code null}
     * @param meterRegistry       a Micrometer {@code MeterRegistry}, or {@code null}
     */
    public StoreSettings(Path fsRoot, String controlPlane, boolean writer, @Nullable DbConfig defaultTenantDb,
                         @Nullable DbConfig globalDb, Clock clock, Executor executor, PasswordHasher passwordHasher,
                         int maxPools, Duration poolIdleTimeout, @Nullable Duration healthCheckInterval,
                         List<String> migrationLocations, CacheConfig cache, ClassLoader classLoader,
                         @Nullable Keyring keyring, @Nullable Object meterRegistry) {
        this(fsRoot, controlPlane, writer, defaultTenantDb, globalDb, clock, executor, passwordHasher, maxPools,
                poolIdleTimeout, healthCheckInterval, migrationLocations, cache, classLoader, keyring, meterRegistry,
                ControlPlaneSource.FILES);
    }
}
