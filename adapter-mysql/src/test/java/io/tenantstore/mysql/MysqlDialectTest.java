package io.tenantstore.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.net.ConnectException;
import java.sql.BatchUpdateException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.mysql.cj.jdbc.exceptions.CommunicationsException;
import com.mysql.cj.jdbc.exceptions.SQLError;
import io.tenantstore.InvalidInputException;
import io.tenantstore.jdbc.SqlFailure;
import org.junit.jupiter.api.Test;

class MysqlDialectTest {
    private final MysqlDialect dialect = MysqlDialect.INSTANCE;

    /** A server error as Connector/J builds it from the server's error packet. */
    private static SQLException server(int code, String state, String message) {
        return SQLError.createSQLException(message, state, code, null);
    }

    private SqlFailure.Kind kind(int code, String state) {
        return dialect.classify(server(code, state, "x")).kind();
    }

    @Test
    void schemaNamesAreValidatedThenBacktickQuoted() {
        assertThat(dialect.quoteIdentifier("t_acme")).isEqualTo("`t_acme`");
        assertThat(dialect.quoteIdentifier("system")).isEqualTo("`system`");
        assertThat(dialect.quoteIdentifier("a".repeat(63))).isEqualTo("`" + "a".repeat(63) + "`");
        for (String bad : List.of("x`; drop database test; --", "t_Acme", "1abc", "t-acme", "", "a".repeat(64),
                "t_acme`", "t acme", "t.acme", "t_acmé")) {
            assertThatThrownBy(() -> dialect.quoteIdentifier(bad)).as(bad)
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining(bad);
        }
        assertThatThrownBy(() -> dialect.validateIdentifier(null)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void upsertUsesOnDuplicateKeyUpdateWithTheInsertedValues() {
        assertThat(dialect.upsert("`s`.ts_consents", List.of("tenant_id", "user_id", "scopes", "updated_at"),
                List.of("tenant_id", "user_id"), List.of("scopes", "updated_at")))
                .isEqualTo("INSERT INTO `s`.ts_consents (tenant_id, user_id, scopes, updated_at) VALUES (?, ?, ?, ?)"
                        + " ON DUPLICATE KEY UPDATE scopes = VALUES(scopes), updated_at = VALUES(updated_at)");
    }

    @Test
    void insertIfAbsentKeepsTheExistingRowWithoutIgnoringOtherErrors() {
        String sql = dialect.insertIfAbsent("ts_user_roles", List.of("tenant_id", "user_id", "role_id"),
                List.of("tenant_id", "user_id", "role_id"));
        assertThat(sql).isEqualTo("INSERT INTO ts_user_roles (tenant_id, user_id, role_id) VALUES (?, ?, ?)"
                + " ON DUPLICATE KEY UPDATE tenant_id = tenant_id");
        // INSERT IGNORE would turn a missing user (foreign key) into a warning
        assertThat(sql).doesNotContain("IGNORE");
    }

    @Test
    void hasNoReturningAndItsOwnMigrations() {
        assertThat(dialect.supportsReturning()).isFalse();
        assertThat(dialect.name()).isEqualTo("mysql");
        assertThat(dialect.migrationLocation()).isEqualTo("classpath:db/tenantstore/mysql");
        assertThat(dialect.rowSecurity()).isEmpty();
        assertThat(MysqlDialect.class.getClassLoader().getResource("db/tenantstore/mysql/V1__identity_tables.sql"))
                .isNotNull();
    }

    @Test
    void pinsTheSessionToUtcAndLeavesServerSidePreparationOff() {
        Map<String, String> p = dialect.defaultDriverProperties();
        assertThat(p).containsEntry("connectionTimeZone", "+00:00")
                .containsEntry("forceConnectionTimeZoneToSession", "true")
                .containsEntry("characterEncoding", "UTF-8")
                .containsEntry("cachePrepStmts", "true")
                .doesNotContainKeys("useServerPrepStmts", "useAffectedRows", "allowPublicKeyRetrieval");
    }

    @Test
    void duplicateKeysAreUniqueViolationsNamingTheKeyInEitherServersFormat() {
        SqlFailure mariadb = dialect.classify(server(1062, "23000",
                "Duplicate entry '0b6c7d1e-8f1a-4c55-9d2e-3a4b5c6d7e8f-ana@acme.io' for key 'ts_users_email_uk'"));
        assertThat(mariadb.kind()).isEqualTo(SqlFailure.Kind.UNIQUE_VIOLATION);
        assertThat(mariadb.constraintName()).contains("ts_users_email_uk");
        SqlFailure mysql8 = dialect.classify(server(1062, "23000",
                "Duplicate entry 'x-h1' for key 'ts_refresh_tokens.ts_refresh_tokens_hash_uk'"));
        assertThat(mysql8.constraintName()).contains("ts_refresh_tokens_hash_uk");
        // the duplicate value is user data: a fake key inside it is not taken for the real one
        SqlFailure tricky = dialect.classify(server(1062, "23000",
                "Duplicate entry 'x-a'for key 'evil'@acme.io' for key 'ts_users_email_uk'"));
        assertThat(tricky.constraintName()).contains("ts_users_email_uk");
        assertThat(dialect.classify(server(1062, "23000", "Duplicate entry 'x' for key 'PRIMARY'")).constraintName())
                .contains("PRIMARY");
        assertThat(kind(1022, "23000")).isEqualTo(SqlFailure.Kind.UNIQUE_VIOLATION);
        assertThat(kind(1586, "23000")).isEqualTo(SqlFailure.Kind.UNIQUE_VIOLATION);
        assertThat(dialect.classify(server(1062, "23000", "unexpected wording")).constraintName()).isEmpty();
    }

    @Test
    void foreignKeyErrorsAreForeignKeyViolationsNamingTheConstraint() {
        SqlFailure fk = dialect.classify(server(1452, "23000", "Cannot add or update a child row: a foreign key"
                + " constraint fails (`app`.`ts_user_roles`, CONSTRAINT `ts_user_roles_user_fk` FOREIGN KEY"
                + " (`tenant_id`, `user_id`) REFERENCES `ts_users` (`tenant_id`, `id`) ON DELETE CASCADE)"));
        assertThat(fk.kind()).isEqualTo(SqlFailure.Kind.FOREIGN_KEY_VIOLATION);
        assertThat(fk.constraintName()).contains("ts_user_roles_user_fk");
        assertThat(kind(1216, "23000")).isEqualTo(SqlFailure.Kind.FOREIGN_KEY_VIOLATION);
        assertThat(kind(1451, "23000")).isEqualTo(SqlFailure.Kind.FOREIGN_KEY_VIOLATION);
        assertThat(kind(1217, "23000")).isEqualTo(SqlFailure.Kind.FOREIGN_KEY_VIOLATION);
        // SQLSTATE 23000 alone says nothing: a NOT NULL violation is neither
        assertThat(kind(1048, "23000")).isEqualTo(SqlFailure.Kind.OTHER);
    }

    @Test
    void deadlocksLockWaitTimeoutsAndSnapshotConflictsAreContention() {
        SQLException deadlock = server(1213, "40001", "Deadlock found when trying to get lock; try restarting"
                + " transaction");
        assertThat((Throwable) deadlock).isInstanceOf(SQLTransactionRollbackException.class);
        assertThat(dialect.classify(deadlock).kind()).isEqualTo(SqlFailure.Kind.CONTENTION);
        assertThat(dialect.classify(server(1205, "HY000", "Lock wait timeout exceeded; try restarting transaction"))
                .kind()).isEqualTo(SqlFailure.Kind.CONTENTION);
        assertThat(kind(1205, "40001")).isEqualTo(SqlFailure.Kind.CONTENTION);
        assertThat(kind(1020, "HY000")).isEqualTo(SqlFailure.Kind.CONTENTION);
        assertThat(dialect.classify(new SQLException("serialization", "40001")).kind())
                .isEqualTo(SqlFailure.Kind.CONTENTION);
    }

    @Test
    void aFailedBatchIsClassifiedByItsStatementsError() {
        SQLException cause = server(1213, "40001", "Deadlock found");
        BatchUpdateException batch = new BatchUpdateException("batch failed", null, 0, new int[0], null);
        batch.setNextException(cause);
        assertThat(dialect.classify(batch).kind()).isEqualTo(SqlFailure.Kind.CONTENTION);
        BatchUpdateException withCode = new BatchUpdateException("Duplicate entry 'x' for key 'ts_x_uk'", "23000",
                1062, new int[0], null);
        assertThat(dialect.classify(withCode).constraintName()).contains("ts_x_uk");
    }

    @Test
    void lostConnectionsAndRefusalsAreConnectionFailures() {
        assertThat(dialect.classify(new CommunicationsException("Communications link failure",
                new ConnectException("Connection refused"))).kind()).isEqualTo(SqlFailure.Kind.CONNECTION_FAILURE);
        assertThat(kind(0, "08001")).isEqualTo(SqlFailure.Kind.CONNECTION_FAILURE);
        assertThat(kind(0, "08S01")).isEqualTo(SqlFailure.Kind.CONNECTION_FAILURE);
        assertThat(kind(1040, "08004")).isEqualTo(SqlFailure.Kind.CONNECTION_FAILURE);
        assertThat(kind(1053, "08S01")).isEqualTo(SqlFailure.Kind.CONNECTION_FAILURE);
        assertThat(kind(1927, "70100")).isEqualTo(SqlFailure.Kind.CONNECTION_FAILURE);
        assertThat(kind(4031, "HY000")).isEqualTo(SqlFailure.Kind.CONNECTION_FAILURE);
        assertThat(kind(1158, "08S01")).isEqualTo(SqlFailure.Kind.CONNECTION_FAILURE);
    }

    @Test
    void rejectedValuesAreInvalidDataAndTheRestIsOther() {
        assertThat(kind(1406, "22001")).isEqualTo(SqlFailure.Kind.INVALID_DATA);
        assertThat(kind(1366, "HY000")).isEqualTo(SqlFailure.Kind.INVALID_DATA);
        assertThat(kind(1292, "22007")).isEqualTo(SqlFailure.Kind.INVALID_DATA);
        assertThat(kind(1264, "22003")).isEqualTo(SqlFailure.Kind.INVALID_DATA);
        assertThat(kind(1265, "01000")).isEqualTo(SqlFailure.Kind.INVALID_DATA);
        assertThat(kind(0, "22018")).isEqualTo(SqlFailure.Kind.INVALID_DATA);
        assertThat(kind(1146, "42S02")).isEqualTo(SqlFailure.Kind.OTHER);
        assertThat(kind(1064, "42000")).isEqualTo(SqlFailure.Kind.OTHER);
        assertThat(kind(1045, "28000")).isEqualTo(SqlFailure.Kind.OTHER);
        assertThat(dialect.classify(new SQLException("no state")).kind()).isEqualTo(SqlFailure.Kind.OTHER);
    }

    @Test
    void uuidsTravelAsCanonicalLowerCaseText() throws SQLException {
        Map<Integer, Object> bound = new HashMap<>();
        UUID id = UUID.fromString("0B6C7D1E-8F1A-4C55-9D2E-3A4B5C6D7E8F");
        dialect.setUuid(statement(bound), 1, id);
        assertThat(bound).containsEntry(1, "0b6c7d1e-8f1a-4c55-9d2e-3a4b5c6d7e8f");
        assertThat(dialect.getUuid(row("0b6c7d1e-8f1a-4c55-9d2e-3a4b5c6d7e8f"), 1)).isEqualTo(id);
        assertThatThrownBy(() -> dialect.getUuid(row("not-a-uuid"), 1)).isInstanceOf(SQLException.class)
                .hasMessageContaining("not-a-uuid");
        assertThatThrownBy(() -> dialect.getUuid(row(null), 1)).isInstanceOf(SQLException.class);
    }

    @Test
    void instantsTravelAsUtcWallClockWithMicroseconds() throws SQLException {
        Map<Integer, Object> bound = new HashMap<>();
        Instant t = Instant.parse("2030-03-31T01:30:00.123456Z");
        dialect.setInstant(statement(bound), 1, t);
        dialect.setInstant(statement(bound), 2, null);
        assertThat(bound).containsEntry(1, "2030-03-31 01:30:00.123456").containsEntry(2, "NULL:" + Types.TIMESTAMP);
        dialect.setInstant(statement(bound), 3, Instant.parse("2030-01-01T00:00:00Z"));
        assertThat(bound).containsEntry(3, "2030-01-01 00:00:00.000000");
        assertThat(dialect.getInstant(row(LocalDateTime.parse("2030-03-31T01:30:00.123456")), 1)).isEqualTo(t);
        assertThat(dialect.getInstant(row(null), 1)).isNull();
    }

    /** A prepared statement that records what is bound. */
    private static PreparedStatement statement(Map<Integer, Object> bound) {
        return (PreparedStatement) Proxy.newProxyInstance(MysqlDialectTest.class.getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "setString", "setObject" -> {
                        bound.put((Integer) args[0], args[1]);
                        yield null;
                    }
                    case "setNull" -> {
                        bound.put((Integer) args[0], "NULL:" + args[1]);
                        yield null;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** A result set positioned on one row whose every column holds {@code value}. */
    private static ResultSet row(Object value) {
        return (ResultSet) Proxy.newProxyInstance(MysqlDialectTest.class.getClassLoader(),
                new Class<?>[] {ResultSet.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getString" -> (String) value;
                    case "getObject" -> {
                        Class<?> type = (Class<?>) args[1];
                        yield value == null ? null : type.cast(value);
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
