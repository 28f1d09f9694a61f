package io.tenantstore.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The lock migrations of one target take across processes (two connections stand for two processes). */
class PostgresMigrationLockIT {
    private final PostgresDialect dialect = PostgresDialect.INSTANCE;

    @Test
    void aSecondHolderWaitsAtMostItsTimeoutAndGetsTheLockOnceReleased() throws SQLException {
        String a = "tenantstore tenant t_a " + java.util.UUID.randomUUID(); // apart from other runs on the server
        String b = "tenantstore tenant t_b " + java.util.UUID.randomUUID();
        try (Connection first = PgTestSupport.admin(); Connection second = PgTestSupport.admin()) {
            String timeoutBefore = lockTimeout(second);
            assertThat(dialect.lockMigrations(first, a, Duration.ofSeconds(5))).isTrue();
            long t0 = System.nanoTime();
            assertThat(dialect.lockMigrations(second, a, Duration.ofMillis(300))).isFalse();
            long waitedMs = (System.nanoTime() - t0) / 1_000_000;
            assertThat(waitedMs).as("waited for the other holder, then gave up").isBetween(250L, 3_000L);
            assertThat(lockTimeout(second)).as("the wait's setting does not stay on the connection").isEqualTo(timeoutBefore);
            assertThat(dialect.lockMigrations(second, b, Duration.ofMillis(300)))
                    .as("another target's lock is independent").isTrue();
            dialect.unlockMigrations(first, a);
            assertThat(dialect.lockMigrations(second, a, Duration.ofMillis(300))).isTrue();
        }
    }

    private static String lockTimeout(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW lock_timeout")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
