package io.tenantstore.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.sql.SQLException;
import java.util.List;

import io.tenantstore.InvalidInputException;
import io.tenantstore.jdbc.SqlFailure;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;
import org.postgresql.util.ServerErrorMessage;

class PostgresDialectTest {
    private final PostgresDialect dialect = PostgresDialect.INSTANCE;

    @Test
    void schemaNamesAreValidatedThenDoubleQuoted() {
        assertThat(dialect.quoteIdentifier("t_acme")).isEqualTo("\"t_acme\"");
        for (String bad : List.of("x\"; drop", "t_Acme", "1abc", "t-acme", "", "a".repeat(64), "t_acme\"")) {
            assertThatThrownBy(() -> dialect.quoteIdentifier(bad)).as(bad)
                    .isInstanceOf(InvalidInputException.class);
        }
    }

    @Test
    void upsertUsesOnConflictWithTheInsertedValues() {
        assertThat(dialect.upsert("\"s\".ts_consents", List.of("tenant_id", "user_id", "scopes"),
                List.of("tenant_id", "user_id"), List.of("scopes")))
                .isEqualTo("INSERT INTO \"s\".ts_consents (tenant_id, user_id, scopes) VALUES (?, ?, ?)"
                        + " ON CONFLICT (tenant_id, user_id) DO UPDATE SET scopes = EXCLUDED.scopes");
        assertThat(dialect.insertIfAbsent("ts_user_roles", List.of("tenant_id", "role_id"),
                List.of("tenant_id", "role_id")))
                .isEqualTo("INSERT INTO ts_user_roles (tenant_id, role_id) VALUES (?, ?)"
                        + " ON CONFLICT (tenant_id, role_id) DO NOTHING");
        assertThat(dialect.supportsReturning()).isTrue();
        assertThat(dialect.migrationLocation()).isEqualTo("classpath:db/tenantstore/postgresql");
    }

    @Test
    void uniqueAndForeignKeyViolationsCarryTheConstraintName() {
        SqlFailure unique = dialect.classify(serverError("23505", "ts_users_email_uk"));
        assertThat(unique.kind()).isEqualTo(SqlFailure.Kind.UNIQUE_VIOLATION);
        assertThat(unique.constraintName()).contains("ts_users_email_uk");
        SqlFailure fk = dialect.classify(serverError("23503", "ts_consents_user_fk"));
        assertThat(fk.kind()).isEqualTo(SqlFailure.Kind.FOREIGN_KEY_VIOLATION);
        assertThat(fk.constraintName()).contains("ts_consents_user_fk");
        assertThat(dialect.classify(new SQLException("dup", "23505")).constraintName()).isEmpty();
    }

    @Test
    void otherStatesAreClassifiedByClass() {
        assertThat(kind("08001")).isEqualTo(SqlFailure.Kind.CONNECTION_FAILURE);
        assertThat(kind("08006")).isEqualTo(SqlFailure.Kind.CONNECTION_FAILURE);
        assertThat(kind("57P01")).isEqualTo(SqlFailure.Kind.CONNECTION_FAILURE);
        assertThat(kind("57P03")).isEqualTo(SqlFailure.Kind.CONNECTION_FAILURE);
        assertThat(kind("53300")).isEqualTo(SqlFailure.Kind.CONNECTION_FAILURE);
        assertThat(kind("40001")).isEqualTo(SqlFailure.Kind.CONTENTION);
        assertThat(kind("40P01")).isEqualTo(SqlFailure.Kind.CONTENTION);
        assertThat(kind("22001")).isEqualTo(SqlFailure.Kind.INVALID_DATA);
        assertThat(kind("22P02")).isEqualTo(SqlFailure.Kind.INVALID_DATA);
        assertThat(kind("42P01")).isEqualTo(SqlFailure.Kind.OTHER);
        assertThat(kind("42501")).isEqualTo(SqlFailure.Kind.OTHER);
        assertThat(dialect.classify(new SQLException("no state")).kind()).isEqualTo(SqlFailure.Kind.OTHER);
        PSQLException refused = new PSQLException("Connection refused", PSQLState.CONNECTION_UNABLE_TO_CONNECT,
                new ConnectException("refused"));
        assertThat(dialect.classify(refused).kind()).isEqualTo(SqlFailure.Kind.CONNECTION_FAILURE);
    }

    @Test
    void rowSecurityUsesTheAppTenantIdSetting() {
        var rs = dialect.rowSecurity().orElseThrow();
        assertThat(rs.transactionTenantSql()).isEqualTo("SELECT ts_rls_enter(?::pg_catalog.text)");
        assertThat(rs.sessionTenantSql()).isEqualTo("SELECT ts_rls_enter(?::pg_catalog.text)");
        assertThat(rs.sessionResetSql()).isEqualTo("DISCARD SEQUENCES; SELECT set_config('app.tenant_id', '', false)");
        assertThat(rs.migrationLocation()).isEqualTo("classpath:db/tenantstore/postgresql-rls");
        // the store's own sessions are marked once, then switch (version 8 of the scripts)
        assertThat(rs.switches()).isTrue();
        assertThat(rs.storeChallengeSql()).isEqualTo("SELECT ts_rls_store_challenge()");
        assertThat(rs.storeEntrySql()).isEqualTo("SELECT ts_rls_enter_store(?::pg_catalog.text, ?::pg_catalog.text)");
        assertThat(rs.switchSql()).isEqualTo("SELECT ts_rls_switch(?::pg_catalog.int8, ?::pg_catalog.int8)");
        assertThat(rs.withoutSwitch().switches()).isFalse();
        assertThat(rs.withoutSwitch().sessionTenantSql()).isEqualTo(rs.sessionTenantSql());
    }

    private SqlFailure.Kind kind(String state) {
        return dialect.classify(new SQLException("x", state)).kind();
    }

    private static PSQLException serverError(String state, String constraint) {
        return new PSQLException(new ServerErrorMessage("SERROR\0C" + state + "\0Mviolation\0n" + constraint + "\0"));
    }

    @org.junit.jupiter.api.Test
    void reservedAndSystemSchemasCannotBeATenantsSchema() {
        for (String reserved : java.util.List.of("public", "information_schema", "pg_catalog", "pg_toast", "mysql",
                "sys", "performance_schema")) {
            assertThatThrownBy(() -> dialect.validateIdentifier(reserved)).as(reserved)
                    .isInstanceOf(io.tenantstore.InvalidInputException.class).hasMessageContaining("reserved");
        }
        assertThat(dialect.validateIdentifier("t_public")).isEqualTo("t_public");
    }
}
