package io.tenantstore.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

import io.tenantstore.jdbc.Constraint;
import io.tenantstore.jdbc.SqlFailure;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

class SqliteDialectTest {
    private final SqliteDialect dialect = SqliteDialect.INSTANCE;

    @Test
    void aUniqueViolationIsClassifiedIntoTheKeyWithThoseColumns() {
        SqlFailure f = dialect.classify(new SQLiteException("[SQLITE_CONSTRAINT_UNIQUE] A UNIQUE constraint failed"
                + " (UNIQUE constraint failed: ts_users.tenant_id, ts_users.email_normalized)",
                SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE));
        assertThat(f.kind()).isEqualTo(SqlFailure.Kind.UNIQUE_VIOLATION);
        assertThat(f.knownConstraint()).contains(Constraint.USERS_EMAIL_UK);
    }

    @Test
    void aPrimaryKeyViolationIsAUniqueViolationOfThePrimaryKey() {
        SqlFailure f = dialect.classify(new SQLiteException("(UNIQUE constraint failed: ts_roles.tenant_id, ts_roles.id)",
                SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY));
        assertThat(f.kind()).isEqualTo(SqlFailure.Kind.UNIQUE_VIOLATION);
        assertThat(f.knownConstraint()).contains(Constraint.ROLES_PK);
    }

    @Test
    void aForeignKeyViolationNamesNoConstraintBecauseSqliteDoesNot() {
        SqlFailure f = dialect.classify(new SQLiteException("FOREIGN KEY constraint failed",
                SQLiteErrorCode.SQLITE_CONSTRAINT_FOREIGNKEY));
        assertThat(f.kind()).isEqualTo(SqlFailure.Kind.FOREIGN_KEY_VIOLATION);
        assertThat(f.knownConstraint()).isEmpty();
    }

    @Test
    void aBatchFailureIsClassifiedByTheCodeInItsMessage() {
        SqlFailure f = dialect.classify(new BatchUpdateException("batch entry 0: [SQLITE_CONSTRAINT_FOREIGNKEY]"
                + " A foreign key constraint failed", new int[0]));
        assertThat(f.kind()).isEqualTo(SqlFailure.Kind.FOREIGN_KEY_VIOLATION);
    }

    @Test
    void busyAndLockedAreContentionAndAnUnopenableFileIsUnreachable() {
        assertThat(dialect.classify(new SQLiteException("busy", SQLiteErrorCode.SQLITE_BUSY)).kind())
                .isEqualTo(SqlFailure.Kind.CONTENTION);
        assertThat(dialect.classify(new SQLiteException("snapshot", SQLiteErrorCode.SQLITE_BUSY_SNAPSHOT)).kind())
                .isEqualTo(SqlFailure.Kind.CONTENTION);
        assertThat(dialect.classify(new SQLiteException("locked", SQLiteErrorCode.SQLITE_LOCKED)).kind())
                .isEqualTo(SqlFailure.Kind.CONTENTION);
        assertThat(dialect.classify(new SQLiteException("cannot open", SQLiteErrorCode.SQLITE_CANTOPEN)).kind())
                .isEqualTo(SqlFailure.Kind.CONNECTION_FAILURE);
        assertThat(dialect.classify(new SQLiteException("io", SQLiteErrorCode.SQLITE_IOERR_WRITE)).kind())
                .isEqualTo(SqlFailure.Kind.CONNECTION_FAILURE);
        assertThat(dialect.classify(new SQLiteException("too big", SQLiteErrorCode.SQLITE_TOOBIG)).kind())
                .isEqualTo(SqlFailure.Kind.INVALID_DATA);
        assertThat(dialect.classify(new SQLException("something else")).kind()).isEqualTo(SqlFailure.Kind.OTHER);
    }

    @Test
    void instantsAreFixedWidthUtcTextSoTextOrderIsTimeOrder() {
        List<Instant> times = List.of(Instant.parse("0999-01-01T00:00:00Z"), Instant.parse("2030-01-01T00:00:00.000001Z"),
                Instant.parse("2030-01-01T00:00:00.1Z"), Instant.parse("9999-12-31T23:59:59.999999Z"));
        List<String> texts = times.stream().map(t -> SqliteDialectTest.format(t)).toList();
        assertThat(texts).isSorted().allSatisfy(t -> assertThat(t).hasSize(26));
        assertThat(texts.get(1)).isEqualTo("2030-01-01 00:00:00.000001");
    }

    private static String format(Instant t) {
        return java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS")
                .format(java.time.LocalDateTime.ofInstant(t, java.time.ZoneOffset.UTC));
    }

    @Test
    void rowLocksAreLeftToTheImmediateTransactionAndSchemasAreNotDeclared() {
        assertThat(dialect.rowLockClause()).isEmpty();
        assertThat(dialect.defaultDriverProperties()).containsEntry("transaction_mode", "IMMEDIATE")
                .containsEntry("journal_mode", "WAL").containsEntry("foreign_keys", "true")
                .containsKey("busy_timeout");
        assertThat(dialect.isolations()).containsExactlyInAnyOrder(io.tenantstore.Isolation.DATABASE,
                io.tenantstore.Isolation.SHARED);
    }
}
