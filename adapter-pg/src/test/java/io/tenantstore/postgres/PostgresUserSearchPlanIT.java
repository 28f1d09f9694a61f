package io.tenantstore.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import io.tenantstore.DataAccessLayer;
import io.tenantstore.Isolation;
import io.tenantstore.core.TenantStore;
import io.tenantstore.model.NewTenant;
import io.tenantstore.model.NewUser;
import io.tenantstore.model.User;
import io.tenantstore.model.UserQuery;
import io.tenantstore.testkit.conformance.FakePasswordHasher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user search is answered from indexes: PostgreSQL's plan for the search statement of
 * {@code users().list} uses the (tenant_id, key) indexes, even as a generic plan (the one a
 * prepared statement settles on after a few executions, chosen without the parameter values).
 */
class PostgresUserSearchPlanIT {
    /** The search statement of the repository, as it reaches the server for a schema target. */
    private static final String SEARCH = "SELECT id FROM t_acme.ts_users WHERE tenant_id = $1"
            + " AND ((email_normalized >= $2 AND email_normalized < $3)"
            + " OR (display_name_key >= $2 AND display_name_key < $3)"
            + " OR (given_name_key >= $2 AND given_name_key < $3)"
            + " OR (family_name_key >= $2 AND family_name_key < $3)) ORDER BY id LIMIT 51";

    @TempDir
    Path root;

    @Test
    void theSearchUsesTheKeyIndexesEvenAsAGenericPlan() throws Exception {
        String db = PgTestSupport.createDatabase("pg_it_search_plan", null);
        try {
            String tenantId;
            try (DataAccessLayer store = TenantStore.builder().fsRoot(root)
                    .defaultTenantDb(PgTestSupport.config(db, Isolation.SCHEMA).build())
                    .passwordHasher(new FakePasswordHasher()).noBackgroundMaintenance().build()) {
                tenantId = store.config().tenants().create(NewTenant.of("acme", "Acme")).id();
                User ana = store.forTenant("acme").users().create(new NewUser("ana@example.com", null, "Ana Lima", false));
                assertThat(store.forTenant("acme").users().list(new UserQuery(10, "ana l", null)).users())
                        .containsExactly(ana);
            }
            try (Connection c = PgTestSupport.admin(db); Statement st = c.createStatement()) {
                // enough rows of this and one other tenant that neither a sequential scan nor the
                // tenant prefix alone is a cheap way to the few matching rows
                st.execute("INSERT INTO t_acme.ts_users (tenant_id, id, email, email_normalized, email_verified,"
                        + " display_name, display_name_key, created_at, updated_at)"
                        + " SELECT CASE WHEN i % 2 = 0 THEN '" + tenantId + "'::uuid ELSE '00000000-0000-7000-8000-000000000001'::uuid END,"
                        + " gen_random_uuid(), 'u' || i || '@example.com', 'u' || i || '@example.com', false,"
                        + " 'Name ' || i, 'name ' || i, now(), now() FROM generate_series(1, 20000) i");
                st.execute("ANALYZE t_acme.ts_users");
                st.execute("SET plan_cache_mode = force_generic_plan");
                st.execute("PREPARE search(uuid, text, text) AS " + SEARCH);
                String plan = plan(st, "EXPLAIN EXECUTE search('" + tenantId + "', 'ana', 'anb')");
                assertThat(plan).doesNotContain("Seq Scan")
                        .contains("ts_users_email_uk").contains("ts_users_display_name_ix")
                        .contains("ts_users_given_name_ix").contains("ts_users_family_name_ix");
            }
        } finally {
            PgTestSupport.dropDatabase(db);
        }
    }

    private static String plan(Statement st, String explain) throws SQLException {
        StringBuilder b = new StringBuilder();
        try (ResultSet rs = st.executeQuery(explain)) {
            while (rs.next()) {
                b.append(rs.getString(1)).append('\n');
            }
        }
        return b.toString();
    }
}
