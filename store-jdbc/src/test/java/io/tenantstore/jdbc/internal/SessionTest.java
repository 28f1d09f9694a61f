package io.tenantstore.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.tenantstore.jdbc.StubDialect;
import org.junit.jupiter.api.Test;

class SessionTest {
    private static final UUID TENANT = UUID.fromString("0b6c7d1e-8f1a-4c55-9d2e-3a4b5c6d7e8f");
    private final FakeJdbc jdbc = new FakeJdbc();
    private final List<Connection> evicted = new ArrayList<>();
    private final SqlRenderer guarded = new SqlRenderer(new StubDialect(true, true), null, StubDialect.ROW_SECURITY);
    private final SqlRenderer plain = new SqlRenderer(new StubDialect(true, true), null, null);

    private Session session(boolean transactional) {
        return new Session(jdbc.connection(), new StubDialect(true, true), BoundTenant.of(TENANT, "acme"),
                transactional, StubDialect.ROW_SECURITY, evicted::add);
    }

    @Test
    void aGuardedStatementInAutoCommitSetsAndClearsTheTenantInTheSameString() throws SQLException {
        Stmt stmt = guarded.stmt("UPDATE {ts_users} SET x = ? WHERE tenant_id = ?");
        assertThat(session(false).update(stmt, p -> p.string("v").uuid(TENANT))).isEqualTo(1);
        assertThat(jdbc.prepared).containsExactly(
                "SET-SESSION ?;\nUPDATE ts_users SET x = ? WHERE tenant_id = ?;\nRESET");
        assertThat(jdbc.parameters.get(0)).containsEntry(1, TENANT.toString()).containsEntry(2, "v")
                .containsEntry(3, TENANT.toString());
    }

    @Test
    void aTransactionSetsTheTenantWithItsFirstStatementOnly() throws SQLException {
        Session s = session(true);
        Stmt stmt = guarded.stmt("DELETE FROM {ts_users} WHERE tenant_id = ?");
        s.update(stmt, p -> p.uuid(TENANT));
        s.update(stmt, p -> p.uuid(TENANT));
        assertThat(jdbc.prepared).containsExactly("SET-TX ?;\nDELETE FROM ts_users WHERE tenant_id = ?",
                "DELETE FROM ts_users WHERE tenant_id = ?");
        assertThat(jdbc.parameters.get(1)).containsEntry(1, TENANT.toString()).hasSize(1);
    }

    @Test
    void aBatchSetsTheTenantFirstWhenNoStatementDidYet() throws SQLException {
        Session s = session(true);
        Stmt insert = guarded.stmt("INSERT INTO {ts_roles} VALUES (?)");
        s.batch(insert, List.of(p -> p.string("a"), p -> p.string("b")));
        assertThat(jdbc.prepared).containsExactly("SET-TX ?", "INSERT INTO ts_roles VALUES (?)");
        assertThatThrownBy(() -> session(false).batch(insert, List.of(p -> p.string("a"))))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void unguardedStatementsAreSentAsTheyAre() throws SQLException {
        session(false).update(plain.stmt("DELETE FROM {ts_users}"), p -> { });
        assertThat(jdbc.prepared).containsExactly("DELETE FROM ts_users");
    }

    @Test
    void aFailedGuardedStatementInAutoCommitClearsTheTenant() {
        jdbc.failure = sql -> sql.contains("DELETE") ? new SQLException("boom", "23505") : null;
        assertThatThrownBy(() -> session(false).update(guarded.stmt("DELETE FROM {ts_users}"), p -> { }))
                .isInstanceOf(SQLException.class).hasMessage("boom");
        assertThat(jdbc.prepared).last().isEqualTo("RESET");
        assertThat(evicted).isEmpty();
    }

    @Test
    void aConnectionWhoseTenantCannotBeClearedIsEvicted() {
        jdbc.failure = sql -> new SQLException("connection lost", "08006");
        assertThatThrownBy(() -> session(false).update(guarded.stmt("DELETE FROM {ts_users}"), p -> { }))
                .isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
        assertThat(evicted).hasSize(1);
    }
}
