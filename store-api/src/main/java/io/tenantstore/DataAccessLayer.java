package io.tenantstore;

/**
 * An open store: the entry point of an application. Created by {@code TenantStore.builder()} or
 * {@code TenantStore.open(Path)} (module tenantstore-core). Thread-safe; share one per process.
 */
public interface DataAccessLayer extends AutoCloseable {
    /**
     * Returns the repositories of one tenant. Warm (tenant already used) this is one map read; cold
     * it resolves the tenant, connects its pool and migrates its schema, once for any number of
     * concurrent callers.
     *
     * @param slugOrId the tenant's slug or id
     * @return repositories that can only reach this tenant's data
     * @throws TenantNotFoundException when no tenant matches
     * @throws UnavailableException    when the tenant's database cannot be reached
     */
    TenantDataAccess forTenant(String slugOrId);

    /** @return the control plane */
    ConfigAccess config();

    /** @return the mode detected from the configured databases */
    OperationalMode mode();

    /** @return what works in this store */
    Capabilities capabilities();

    /** @return the hasher used for every user password of this store */
    PasswordHasher passwordHasher();

    /** @return a snapshot of pools, cached tenants, evictions and breakers */
    StoreStats stats();

    /** @return a health check of the control plane and every open pool */
    HealthReport health();

    /**
     * Drops the cached access of a tenant (also one still being created); the next
     * {@link #forTenant(String)} resolves it again. Control-plane writes do this themselves.
     *
     * @param slug the tenant's slug
     */
    void invalidate(String slug);

    /**
     * Deletes a tenant and says what happened to its data. With {@link DataRetention#PURGE} the
     * data goes first (its schema, or the database the store created for it, is dropped; its rows
     * in shared tables or a configured database are deleted in batches), then the tenant, its
     * clients and scopes; a failed purge leaves the tenant in place, so it can be retried. With
     * {@link DataRetention#KEEP} only the control-plane entry goes. Either way a new tenant with
     * the same slug gets a new id and never sees the old rows.
     *
     * @param slug      the tenant's slug
     * @param retention keep or purge its data
     * @return what was deleted
     * @throws TenantNotFoundException when no tenant has that slug
     * @throws StoreException          with code {@link ErrorCode#UNSUPPORTED} when the tenant's
     *                                 adapter cannot purge (the tenant is then not deleted)
     */
    default TenantDeletion deleteTenant(String slug, DataRetention retention) {
        throw new StoreException(ErrorCode.UNSUPPORTED, getClass().getName() + " does not delete tenants with their"
                + " data; use TenantStore's store");
    }

    /**
     * For key rotation: re-encrypts the secrets a tenant's rows hold (TOTP seeds) under the
     * keyring's primary key. Run it for every tenant after making a new key primary and before
     * disabling the old one: values still under a disabled key no longer decrypt.
     *
     * @param slug the tenant's slug
     * @return how many values were re-encrypted (0 for a tenant without a database)
     * @throws TenantNotFoundException when no tenant has that slug
     * @throws SecretException         when a value does not decrypt with the keyring
     */
    default int reEncryptStoredSecrets(String slug) {
        throw new StoreException(ErrorCode.UNSUPPORTED, getClass().getName() + " does not re-encrypt stored secrets;"
                + " use TenantStore's store");
    }

    /**
     * Reads where a tenant's target stands against its migrations and changes nothing: no schema
     * is created, no migration runs, whatever the data source's {@code migrate} mode
     * ({@code tenantstore migrate info} and {@code --dry-run}).
     *
     * @param slug the tenant's slug
     * @return the status; empty for a tenant without a database
     * @throws TenantNotFoundException when no tenant has that slug
     * @throws UnavailableException    when the tenant's database cannot be reached
     * @throws StoreException          with code {@link ErrorCode#UNSUPPORTED} when the tenant's
     *                                 adapter cannot report it
     */
    default java.util.Optional<MigrationStatus> migrationStatus(String slug) {
        throw new StoreException(ErrorCode.UNSUPPORTED, getClass().getName() + " does not report migration status;"
                + " use TenantStore's store");
    }

    /**
     * Applies the pending migrations of a tenant's target now, whatever the data source's
     * {@code migrate} mode (as its owner login when one is configured), and says which ran
     * ({@code tenantstore migrate}). Does not open the tenant.
     *
     * @param slug the tenant's slug
     * @return what ran; empty for a tenant without a database
     * @throws TenantNotFoundException when no tenant has that slug
     * @throws MigrationException      when a migration fails
     * @throws UnavailableException    when the tenant's database cannot be reached
     */
    default java.util.Optional<MigrationRun> migrate(String slug) {
        throw new StoreException(ErrorCode.UNSUPPORTED, getClass().getName() + " does not migrate on request;"
                + " use TenantStore's store");
    }

    /** Closes every pool and the control plane. Later calls raise {@link UnavailableException}. */
    @Override
    void close();
}
