package io.tenantstore.spi;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;

import io.tenantstore.DbConfig;
import io.tenantstore.PasswordHasher;
import org.jspecify.annotations.Nullable;

/**
 * What an adapter gets to open a data source.
 *
 * @param db                  the data source (for {@code schema} and {@code shared} isolation, the
 *                            schema setting is per tenant, see {@link TenantScope})
 * @param clock               the store's clock; adapters take time from it, not from the system
 * @param executor            the store's executor for background work
 * @param passwordHasher      the store's password hasher
 * @param migrationLocations  the application's own migration locations, applied per target after
 *                            TenantStore's
 * @param dataSecrets         encrypts the secrets the data plane stores and reads back (TOTP seeds)
 *                            with the store's keyring; {@link DataSecretCipher#none()} when the store
 *                            has none, which refuses them
 * @param meterRegistry       the store's Micrometer {@code MeterRegistry} (typed {@code Object} so
 *                            that Micrometer stays optional), or {@code null}: adapters register
 *                            their pool, breaker and credential meters there
 */
public record AdapterConfig(DbConfig db, Clock clock, Executor executor, PasswordHasher passwordHasher,
                            List<String> migrationLocations, DataSecretCipher dataSecrets,
                            @Nullable Object meterRegistry) {
    /** Rejects nulls, copies the list. */
    public AdapterConfig {
        Objects.requireNonNull(db, "db");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(executor, "executor");
        Objects.requireNonNull(passwordHasher, "passwordHasher");
        Objects.requireNonNull(dataSecrets, "dataSecrets");
        migrationLocations = List.copyOf(migrationLocations);
    }

    /**
     * A config for a store without a keyring: data-plane secrets are refused.
     *
     * @param db                 the data source
     * @param clock              the store's clock
     * @param executor           the store's executor
     * @param passwordHasher     the store's password hasher
     * @param migrationLocations the application's own migration locations
     */
    public AdapterConfig(DbConfig db, Clock clock, Executor executor, PasswordHasher passwordHasher,
                         List<String> migrationLocations) {
        this(db, clock, executor, passwordHasher, migrationLocations, DataSecretCipher.none());
    }

    /**
     * A config without a meter registry.
     *
     * @param db                 the data source
     * @param clock              the store's clock
     * @param executor           the store's executor
     * @param passwordHasher     the store's password hasher
     * @param migrationLocations the application's own migration locations
     * @param dataSecrets        encrypts the data plane's stored secrets
     */
    public AdapterConfig(DbConfig db, Clock clock, Executor executor, PasswordHasher passwordHasher,
                         List<String> migrationLocations, DataSecretCipher dataSecrets) {
        this(db, clock, executor, passwordHasher, migrationLocations, dataSecrets, null);
    }
}
