package io.tenantstore.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.tenantstore.jdbc.StubDialect;
import org.junit.jupiter.api.Test;

class SqlRendererTest {
    @Test
    void qualifiesEveryTableWithTheQuotedSchema() {
        SqlRenderer r = new SqlRenderer(new StubDialect(true, false), "\"t_acme\"", null);
        Stmt s = r.stmt("SELECT 1 FROM {ts_users} u JOIN {ts_password_identities} p ON p.user_id = u.id");
        assertThat(s.sql()).isEqualTo(
                "SELECT 1 FROM \"t_acme\".ts_users u JOIN \"t_acme\".ts_password_identities p ON p.user_id = u.id");
        assertThat(s.guarded()).isFalse();
        assertThat(r.table("ts_roles")).isEqualTo("\"t_acme\".ts_roles");
    }

    @Test
    void leavesTablesUnqualifiedInTheDefaultSchema() {
        SqlRenderer r = new SqlRenderer(new StubDialect(true, false), null, null);
        assertThat(r.stmt("DELETE FROM {ts_users}").sql()).isEqualTo("DELETE FROM ts_users");
    }

    @Test
    void rendersTheGuardedVariantWithRowSecurity() {
        SqlRenderer r = new SqlRenderer(new StubDialect(true, true), null, StubDialect.ROW_SECURITY);
        Stmt s = r.stmt("DELETE FROM {ts_users}");
        assertThat(s.guarded()).isTrue();
        assertThat(s.guardedSql()).isEqualTo("SET-SESSION ?;\nDELETE FROM ts_users");
    }
}
