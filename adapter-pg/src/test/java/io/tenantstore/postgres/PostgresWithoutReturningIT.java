package io.tenantstore.postgres;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.tenantstore.DbConfig;
import io.tenantstore.Isolation;
import io.tenantstore.jdbc.JdbcAdapters;
import io.tenantstore.jdbc.RowSecurity;
import io.tenantstore.jdbc.SqlDialect;
import io.tenantstore.jdbc.SqlFailure;
import io.tenantstore.spi.AdapterConfig;
import io.tenantstore.spi.AdapterConnection;
import io.tenantstore.spi.StoreAdapter;
import io.tenantstore.testkit.conformance.AdapterConformanceSuite;
import org.jspecify.annotations.Nullable;

/**
 * The conformance suite over a PostgreSQL dialect that claims no RETURNING, so the repositories'
 * lock-and-re-read paths (the ones MySQL takes) run against a real database too. Shared isolation
 * as an ordinary role, so those paths also run under row-level security.
 */
class PostgresWithoutReturningIT extends AdapterConformanceSuite {
    private final String database;

    PostgresWithoutReturningIT() throws Exception {
        PgTestSupport.ensureAppRole();
        database = PgTestSupport.createDatabase("pg_it_noret", PgTestSupport.APP_ROLE);
    }

    @Override
    protected StoreAdapter adapter() {
        return new StoreAdapter() {
            @Override
            public String name() {
                return "postgres-without-returning";
            }

            @Override
            public AdapterConnection connect(AdapterConfig config) {
                return JdbcAdapters.connect(config, new WithoutReturning(PostgresDialect.INSTANCE));
            }
        };
    }

    @Override
    protected DbConfig dbConfig() {
        return PgTestSupport.appConfig(database, Isolation.SHARED).build();
    }

    @Override
    protected Isolation isolation() {
        return Isolation.SHARED;
    }

    @Override
    protected void afterSuite() {
        PgTestSupport.dropDatabase(database);
    }

    /** Delegates everything but {@link #supportsReturning()}. */
    private record WithoutReturning(SqlDialect d) implements SqlDialect {
        @Override
        public String name() {
            return d.name();
        }

        @Override
        public char identifierQuote() {
            return d.identifierQuote();
        }

        @Override
        public String upsert(String table, List<String> columns, List<String> keys, List<String> update) {
            return d.upsert(table, columns, keys, update);
        }

        @Override
        public String insertIfAbsent(String table, List<String> columns, List<String> keys) {
            return d.insertIfAbsent(table, columns, keys);
        }

        @Override
        public boolean supportsReturning() {
            return false;
        }

        @Override
        public void setUuid(PreparedStatement ps, int index, UUID value) throws SQLException {
            d.setUuid(ps, index, value);
        }

        @Override
        public UUID getUuid(ResultSet rs, int column) throws SQLException {
            return d.getUuid(rs, column);
        }

        @Override
        public void setInstant(PreparedStatement ps, int index, @Nullable Instant value) throws SQLException {
            d.setInstant(ps, index, value);
        }

        @Override
        public @Nullable Instant getInstant(ResultSet rs, int column) throws SQLException {
            return d.getInstant(rs, column);
        }

        @Override
        public SqlFailure classify(SQLException e) {
            return d.classify(e);
        }

        @Override
        public Optional<RowSecurity> rowSecurity() {
            return d.rowSecurity();
        }

        @Override
        public Map<String, String> defaultDriverProperties() {
            return d.defaultDriverProperties();
        }
    }
}
