package io.tenantstore.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

import io.tenantstore.jdbc.RowSecurity;
import io.tenantstore.jdbc.StubDialect;
import org.junit.jupiter.api.Test;

class SessionTest {
    private static final UUID TENANT = UUID.fromString("0b6c7d1e-8f1a-4c55-9d2e-3a4b5c6d7e8f");
    private static final UUID OTHER = UUID.fromString("1c7d8e2f-9a2b-4d66-8e3f-4b5c6d7e8f90");
    private final FakeJdbc jdbc = new FakeJdbc();
    /** One physical connection, borrowed by every session of a test. */
    private final Connection connection = jdbc.connection();
    private final SessionTenants tenants = new SessionTenants();
    private final SqlRenderer guarded = new SqlRenderer(new StubDialect(true, true), null, StubDialect.ROW_SECURITY);
    private final SqlRenderer plain = new SqlRenderer(new StubDialect(true, true), null, null);
    private final SqlRenderer switching = new SqlRenderer(new StubDialect(true, true), null,
            StubDialect.SWITCHING_ROW_SECURITY);

    private Session session(boolean transactional) {
        return session(TENANT, transactional);
    }

    private Session session(UUID tenant, boolean transactional) {
        return new Session(connection, new StubDialect(true, true), BoundTenant.of(tenant, "t"),
                transactional, StubDialect.ROW_SECURITY, tenants);
    }

    private Session switchingSession(UUID tenant, boolean transactional) {
        return new Session(connection, new StubDialect(true, true), BoundTenant.of(tenant, "t"),
                transactional, StubDialect.SWITCHING_ROW_SECURITY, tenants);
    }

    /** The pool's target switches tenants: sessions are marked with "key", each given {@code challenge}. */
    private void marksSessions(long challenge) {
        tenants.markSessionsWith("key");
        jdbc.longs.put("CHALLENGE", challenge);
    }

    private String carried() {
        SessionTenants.Carried known = tenants.carried(connection);
        return known == null ? null : known.tenant();
    }

    private boolean marked() {
        SessionTenants.Carried known = tenants.carried(connection);
        return known != null && known.marked();
    }

    @Test
    void aGuardedStatementSetsTheTenantForTheSessionInTheSameStringAndRecordsIt() throws SQLException {
        Stmt stmt = guarded.stmt("UPDATE {ts_users} SET x = ? WHERE tenant_id = ?");
        assertThat(session(false).update(stmt, p -> p.string("v").uuid(TENANT))).isEqualTo(1);
        assertThat(jdbc.prepared).containsExactly("SET-SESSION ?;\nUPDATE ts_users SET x = ? WHERE tenant_id = ?");
        assertThat(jdbc.parameters.get(0)).containsEntry(1, TENANT.toString()).containsEntry(2, "v")
                .containsEntry(3, TENANT.toString());
        assertThat(carried()).isEqualTo(TENANT.toString());
    }

    @Test
    void theNextCallOfTheSameTenantOnTheSameConnectionSendsTheStatementAlone() throws SQLException {
        Stmt stmt = guarded.stmt("DELETE FROM {ts_users} WHERE tenant_id = ?");
        session(false).update(stmt, p -> p.uuid(TENANT));
        session(false).update(stmt, p -> p.uuid(TENANT));
        assertThat(jdbc.prepared).containsExactly("SET-SESSION ?;\nDELETE FROM ts_users WHERE tenant_id = ?",
                "DELETE FROM ts_users WHERE tenant_id = ?");
    }

    @Test
    void anotherTenantOnTheSameConnectionSetsItsOwnSetting() throws SQLException {
        Stmt stmt = guarded.stmt("DELETE FROM {ts_users} WHERE tenant_id = ?");
        session(TENANT, false).update(stmt, p -> p.uuid(TENANT));
        session(OTHER, false).update(stmt, p -> p.uuid(OTHER));
        assertThat(jdbc.prepared).containsExactly("SET-SESSION ?;\nDELETE FROM ts_users WHERE tenant_id = ?",
                "SET-SESSION ?;\nDELETE FROM ts_users WHERE tenant_id = ?");
        assertThat(jdbc.parameters.get(1)).containsEntry(1, OTHER.toString());
        assertThat(carried()).isEqualTo(OTHER.toString());
    }

    @Test
    void aTransactionSetsTheTenantWithItsFirstStatementAndRecordsItOnlyAtCommit() throws SQLException {
        Session s = session(true);
        Stmt stmt = guarded.stmt("DELETE FROM {ts_users} WHERE tenant_id = ?");
        s.update(stmt, p -> p.uuid(TENANT));
        s.update(stmt, p -> p.uuid(TENANT));
        assertThat(jdbc.prepared).containsExactly("SET-SESSION ?;\nDELETE FROM ts_users WHERE tenant_id = ?",
                "DELETE FROM ts_users WHERE tenant_id = ?");
        assertThat(jdbc.parameters.get(1)).containsEntry(1, TENANT.toString()).hasSize(1);
        assertThat(carried()).isNull();
        s.committed();
        assertThat(carried()).isEqualTo(TENANT.toString());
    }

    @Test
    void aRolledBackTransactionLeavesTheSettingUnknown() throws SQLException {
        Stmt stmt = guarded.stmt("DELETE FROM {ts_users} WHERE tenant_id = ?");
        session(false).update(stmt, p -> p.uuid(OTHER));
        Session s = session(true);
        s.update(stmt, p -> p.uuid(TENANT));
        s.failed();
        // the rollback reverted the setting to OTHER's, which is not what the store may assume
        assertThat(carried()).isNull();
        session(false).update(stmt, p -> p.uuid(OTHER));
        assertThat(jdbc.prepared).last().asString().startsWith("SET-SESSION ?;");
    }

    @Test
    void aBatchSetsTheTenantFirstWhenTheConnectionDoesNotCarryIt() throws SQLException {
        Session s = session(true);
        Stmt insert = guarded.stmt("INSERT INTO {ts_roles} VALUES (?)");
        s.batch(insert, List.of(p -> p.string("a"), p -> p.string("b")));
        assertThat(jdbc.prepared).containsExactly("SET-SESSION ?", "INSERT INTO ts_roles VALUES (?)");
        s.committed();
        Session next = session(true);
        next.batch(insert, List.of(p -> p.string("c")));
        assertThat(jdbc.prepared).containsExactly("SET-SESSION ?", "INSERT INTO ts_roles VALUES (?)",
                "INSERT INTO ts_roles VALUES (?)");
        assertThatThrownBy(() -> session(false).batch(insert, List.of(p -> p.string("a"))))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void unguardedStatementsAreSentAsTheyAre() throws SQLException {
        session(false).update(plain.stmt("DELETE FROM {ts_users}"), p -> { });
        assertThat(jdbc.prepared).containsExactly("DELETE FROM ts_users");
        assertThat(tenants.size()).isZero();
    }

    @Test
    void aFailedGuardedStatementForgetsTheSettingSoTheNextCallSetsItAgain() throws SQLException {
        Stmt stmt = guarded.stmt("DELETE FROM {ts_users}");
        session(false).update(stmt, p -> { });
        jdbc.failure = sql -> sql.contains("DELETE") ? new SQLException("boom", "23505") : null;
        assertThatThrownBy(() -> session(false).update(stmt, p -> { }))
                .isInstanceOf(SQLException.class).hasMessage("boom");
        assertThat(carried()).isNull();
        jdbc.failure = sql -> null;
        session(false).update(stmt, p -> { });
        assertThat(jdbc.prepared).containsExactly("SET-SESSION ?;\nDELETE FROM ts_users", "DELETE FROM ts_users",
                "SET-SESSION ?;\nDELETE FROM ts_users");
    }

    @Test
    void aSwitchingTargetMarksAConnectionOnceThenSwitchesTenantsByIdWithoutTheSignedSetting() throws SQLException {
        marksSessions(77L);
        Stmt stmt = switching.stmt("DELETE FROM {ts_users} WHERE tenant_id = ?");
        switchingSession(TENANT, false).update(stmt, p -> p.uuid(TENANT));
        switchingSession(OTHER, false).update(stmt, p -> p.uuid(OTHER));
        switchingSession(OTHER, false).update(stmt, p -> p.uuid(OTHER));
        switchingSession(TENANT, false).update(stmt, p -> p.uuid(TENANT));
        assertThat(jdbc.prepared).containsExactly("CHALLENGE", "MARK ?, ?", "DELETE FROM ts_users WHERE tenant_id = ?",
                "SWITCH ?, ?;\nDELETE FROM ts_users WHERE tenant_id = ?", "DELETE FROM ts_users WHERE tenant_id = ?",
                "SWITCH ?, ?;\nDELETE FROM ts_users WHERE tenant_id = ?");
        // marked with the tenant's setting and the proof for the session's challenge
        assertThat(jdbc.parameters.get(1)).containsEntry(1, TENANT.toString())
                .containsEntry(2, RowSecurity.storeProof("key", 77)).hasSize(2);
        // the id's two halves, then the statement's own parameter
        assertThat(jdbc.parameters.get(3)).containsEntry(1, OTHER.getMostSignificantBits())
                .containsEntry(2, OTHER.getLeastSignificantBits()).containsEntry(3, OTHER.toString()).hasSize(3);
        assertThat(carried()).isEqualTo(TENANT.toString());
        assertThat(marked()).isTrue();
    }

    @Test
    void aFailedSwitchForgetsTheMarkSoTheConnectionProvesItselfAgain() throws SQLException {
        marksSessions(1L);
        Stmt stmt = switching.stmt("DELETE FROM {ts_users}");
        switchingSession(TENANT, false).update(stmt, p -> { });
        jdbc.failure = sql -> sql.startsWith("SWITCH") ? new SQLException("no mark", "55000") : null;
        assertThatThrownBy(() -> switchingSession(OTHER, false).update(stmt, p -> { }))
                .isInstanceOf(SQLException.class).hasMessage("no mark");
        assertThat(carried()).isNull();
        assertThat(marked()).isFalse();
        jdbc.failure = sql -> null;
        switchingSession(OTHER, false).update(stmt, p -> { });
        assertThat(jdbc.prepared).last().isEqualTo("DELETE FROM ts_users");
        assertThat(jdbc.prepared.subList(jdbc.prepared.size() - 3, jdbc.prepared.size() - 1))
                .containsExactly("CHALLENGE", "MARK ?, ?");
        assertThat(marked()).isTrue();
    }

    @Test
    void aMarkMadeInATransactionIsRecordedAtCommitAndABatchSwitchesFirst() throws SQLException {
        marksSessions(1L);
        Stmt insert = switching.stmt("INSERT INTO {ts_roles} VALUES (?)");
        Session s = switchingSession(TENANT, true);
        s.batch(insert, List.of(p -> p.string("a")));
        assertThat(carried()).isNull();
        s.committed();
        assertThat(carried()).isEqualTo(TENANT.toString());
        assertThat(marked()).isTrue();
        Session other = switchingSession(OTHER, true);
        other.batch(insert, List.of(p -> p.string("b")));
        other.committed();
        assertThat(jdbc.prepared).containsExactly("CHALLENGE", "MARK ?, ?", "INSERT INTO ts_roles VALUES (?)",
                "SWITCH ?, ?", "INSERT INTO ts_roles VALUES (?)");
        assertThat(jdbc.parameters.get(3)).containsEntry(1, OTHER.getMostSignificantBits())
                .containsEntry(2, OTHER.getLeastSignificantBits()).hasSize(2);
        assertThat(carried()).isEqualTo(OTHER.toString());
    }

    @Test
    void withoutAKeyToSignWithASwitchingStatementRefusesToMarkTheSession() {
        Stmt stmt = switching.stmt("DELETE FROM {ts_users}");
        jdbc.longs.put("CHALLENGE", 1L);
        assertThatThrownBy(() -> switchingSession(TENANT, false).update(stmt, p -> { }))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no key");
        assertThat(jdbc.prepared).containsExactly("CHALLENGE");
    }
}
