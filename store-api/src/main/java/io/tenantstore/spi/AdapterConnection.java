package io.tenantstore.spi;

import java.time.Duration;
import java.util.Optional;

/**
 * One open data source of an adapter: a pool shared by every tenant bound to it. Thread-safe.
 */
public interface AdapterConnection extends AutoCloseable {
    /**
     * Binds the repositories to one tenant. Prepares the tenant's target first (creates its schema
     * and runs migrations once per target, however many callers race); returns only when the
     * repositories are ready.
     *
     * @param scope the tenant and where its rows live
     * @return repositories that filter by the scope's tenant on every statement
     * @throws io.tenantstore.InvalidInputException when the scope is invalid (bad schema name)
     * @throws io.tenantstore.MigrationException    when migrations fail
     */
    TenantRepositories bind(TenantScope scope);

    /**
     * Checks that the data source answers.
     *
     * @param timeout how long to wait
     * @return whether it answered within the timeout
     */
    boolean ping(Duration timeout);

    /**
     * Deletes every row of one tenant from this data source, for a tenant deleted with
     * {@link io.tenantstore.DataRetention#PURGE}: its schema (or a database the adapter created for
     * it) is dropped; in shared tables, or a database the configuration named, its rows are deleted
     * in batches. A schema that also holds another tenant's rows is refused, not dropped. Afterwards
     * a new bind of the same scope starts from an empty target.
     *
     * @param scope the tenant and where its rows live
     * @return what was removed, for the operator (no secret)
     * @throws io.tenantstore.StoreException with code {@link io.tenantstore.ErrorCode#UNSUPPORTED}
     *                                       when the adapter cannot purge (Default)
     */
    default String purge(TenantScope scope) {
        throw new io.tenantstore.StoreException(io.tenantstore.ErrorCode.UNSUPPORTED, "the adapter behind " + this
                + " cannot purge a tenant's data; delete tenant " + scope.slug() + " keeping its data,"
                + " and remove its rows yourself");
    }

    /**
     * For key rotation: re-encrypts every secret the tenant's rows hold (TOTP seeds) under the
     * keyring's primary key, so the old key can be disabled. A row changed meanwhile (re-enrolled)
     * is left as it is: it already is under the primary.
     *
     * @param scope the tenant and where its rows live
     * @return how many values were re-encrypted
     * @throws io.tenantstore.StoreException with code {@link io.tenantstore.ErrorCode#UNSUPPORTED}
     *                                       when the adapter cannot (Default)
     */
    default int reEncryptSecrets(TenantScope scope) {
        throw new io.tenantstore.StoreException(io.tenantstore.ErrorCode.UNSUPPORTED, "the adapter behind " + this
                + " cannot re-encrypt the stored secrets of tenant " + scope.slug());
    }

    /**
     * Reads where the scope's target stands against its migrations without changing anything: no
     * schema or table is created and nothing is recorded.
     *
     * @param scope the tenant and where its rows live
     * @return the status of its target
     * @throws io.tenantstore.StoreException with code {@link io.tenantstore.ErrorCode#UNSUPPORTED}
     *                                       when the adapter cannot tell (Default)
     */
    default io.tenantstore.MigrationStatus migrationStatus(TenantScope scope) {
        throw new io.tenantstore.StoreException(io.tenantstore.ErrorCode.UNSUPPORTED, "the adapter behind " + this
                + " does not report the migration status of tenant " + scope.slug());
    }

    /**
     * Applies the pending migrations of the scope's target now, whatever the configured migrate
     * mode, and says which ran. A target another process migrates at the same time is serialised
     * by the engine's lock, as at bind.
     *
     * @param scope the tenant and where its rows live
     * @return what ran and where the target stands afterwards
     * @throws io.tenantstore.MigrationException when a migration fails
     * @throws io.tenantstore.StoreException     with code {@link io.tenantstore.ErrorCode#UNSUPPORTED}
     *                                           when the adapter cannot migrate on request (Default)
     */
    default io.tenantstore.MigrationRun migrate(TenantScope scope) {
        throw new io.tenantstore.StoreException(io.tenantstore.ErrorCode.UNSUPPORTED, "the adapter behind " + this
                + " does not migrate on request; tenant " + scope.slug() + " is migrated when it is first opened");
    }

    /** @return pool counters, when the adapter pools connections */
    default Optional<PoolCounters> counters() {
        return Optional.empty();
    }

    /**
     * Whether this connection watches a down database itself (a breaker with a background probe)
     * and serves again when it answers; the store then keeps it through failed health checks
     * instead of replacing it. Default: {@code false}.
     *
     * @return whether it recovers by itself
     */
    default boolean recoversItself() {
        return false;
    }

    /** @return whether calls are being refused because the database is down (its breaker is open); Default: never */
    default boolean refusingCalls() {
        return false;
    }

    /**
     * Closes the pool because the store dropped it (failed health check, idle, pool budget), not
     * because the store closed: calls still running on it should fail as retryable
     * ({@code DATABASE_DOWN}), never as {@code CLOSED}. Default: {@link #close()}.
     */
    default void evict() {
        close();
    }

    /** Closes the pool. Idempotent. */
    @Override
    void close();

    /**
     * Live pool counters.
     *
     * @param active  connections in use
     * @param idle    connections idle
     * @param pending callers waiting
     */
    record PoolCounters(int active, int idle, int pending) {
    }
}
