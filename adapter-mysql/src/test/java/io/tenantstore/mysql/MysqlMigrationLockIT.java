package io.tenantstore.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The lock migrations of one target take across processes (two connections stand for two processes). */
class MysqlMigrationLockIT {
    private final MysqlDialect dialect = MysqlDialect.INSTANCE;
    private String database;

    @BeforeEach
    void createDatabase() {
        database = MysqlTestSupport.createDatabase("my_it_lock");
    }

    @AfterEach
    void dropDatabase() {
        MysqlTestSupport.dropDatabases(database);
    }

    @Test
    void aSecondHolderWaitsAtMostItsTimeoutAndGetsTheLockOnceReleased() throws SQLException {
        String name = "tenantstore tenant " + database; // GET_LOCK names span the server: one per run
        try (Connection first = MysqlTestSupport.open(database); Connection second = MysqlTestSupport.open(database)) {
            assertThat(dialect.lockMigrations(first, name, Duration.ofSeconds(5))).isTrue();
            long t0 = System.nanoTime();
            assertThat(dialect.lockMigrations(second, name, Duration.ofSeconds(1))).isFalse();
            assertThat((System.nanoTime() - t0) / 1_000_000).as("waited, then gave up").isBetween(900L, 5_000L);
            assertThat(dialect.lockMigrations(second, name + " other", Duration.ofSeconds(1)))
                    .as("another target's lock is independent").isTrue();
            dialect.unlockMigrations(first, name);
            assertThat(dialect.lockMigrations(second, name, Duration.ofSeconds(1))).isTrue();
        }
    }
}
