package io.tenantstore.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

class FixedLoginDataSourceTest {
    /**
     * HikariCP sets the login timeout from its connection timeout and, when it closes, waits that
     * long for a connect in flight; a data source answering 0 made it give up at once and log a WARN
     * at every close that raced a connect (seen at the end of the quickstart).
     */
    @Test
    void theLoginTimeoutThePoolSetsIsWhatThePoolReadsBack() {
        FixedLoginDataSource sqlite = new FixedLoginDataSource() {
            @Override
            public Connection getConnection() throws SQLException {
                return DriverManager.getConnection("jdbc:sqlite::memory:");
            }
        };
        HikariConfig hc = new HikariConfig();
        hc.setDataSource(sqlite);
        hc.setPoolName("login-timeout-test");
        hc.setConnectionTimeout(5_000);
        try (HikariDataSource pool = new HikariDataSource(hc)) {
            assertThat(sqlite.getLoginTimeout()).as("seconds").isPositive();
        }
    }
}
