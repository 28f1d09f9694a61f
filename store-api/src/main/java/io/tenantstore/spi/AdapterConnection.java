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
