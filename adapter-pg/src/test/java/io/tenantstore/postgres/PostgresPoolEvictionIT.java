package io.tenantstore.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

import io.tenantstore.Isolation;
import io.tenantstore.PoolSettings;
import io.tenantstore.UnavailableException;
import io.tenantstore.spi.AdapterConfig;
import io.tenantstore.spi.AdapterConnection;
import io.tenantstore.spi.TenantRepositories;
import io.tenantstore.spi.TenantScope;
import io.tenantstore.testkit.conformance.FakePasswordHasher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A pool the store drops (failed health check, idle, budget) is not a closed store: repositories
 * still bound to it fail as DATABASE_DOWN (retry: the store rebinds), and only a pool closed with
 * the store reports CLOSED.
 */
class PostgresPoolEvictionIT {
    private String database;

    @BeforeEach
    void createDatabase() throws SQLException {
        database = PgTestSupport.createDatabase("pg_it_eviction", null);
    }

    @AfterEach
    void dropDatabase() {
        PgTestSupport.dropDatabase(database);
    }

    private AdapterConnection connect() {
        return new PostgresAdapter().connect(new AdapterConfig(PgTestSupport.config(database, Isolation.DATABASE)
                .pool(PoolSettings.DEFAULTS).build(), Clock.systemUTC(), Runnable::run, new FakePasswordHasher(),
                List.of()));
    }

    private static TenantScope scope() {
        return new TenantScope(UUID.randomUUID().toString(), "acme", Isolation.DATABASE, null);
    }

    @Test
    void callsOnAnEvictedPoolAreDatabaseDownAndOnlyAClosedStoreIsClosed() {
        AdapterConnection evicted = connect();
        TenantRepositories bound = evicted.bind(scope());
        assertThat(bound.users().getById(UUID.randomUUID().toString())).isEmpty();
        assertThat(evicted.recoversItself()).as("the health check must not replace it").isTrue();
        evicted.evict();
        assertThatThrownBy(() -> bound.users().getById(UUID.randomUUID().toString()))
                .isInstanceOfSatisfying(UnavailableException.class,
                        e -> assertThat(e.reason()).isEqualTo(UnavailableException.Reason.DATABASE_DOWN));
        assertThatThrownBy(() -> evicted.bind(scope()))
                .isInstanceOfSatisfying(UnavailableException.class,
                        e -> assertThat(e.reason()).isEqualTo(UnavailableException.Reason.DATABASE_DOWN));

        AdapterConnection closed = connect();
        TenantRepositories onClosed = closed.bind(scope());
        closed.close();
        assertThatThrownBy(() -> onClosed.users().getById(UUID.randomUUID().toString()))
                .isInstanceOfSatisfying(UnavailableException.class,
                        e -> assertThat(e.reason()).isEqualTo(UnavailableException.Reason.CLOSED));
    }
}
