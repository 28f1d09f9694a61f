package io.tenantstore.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.tenantstore.Isolation;
import io.tenantstore.model.NewUser;
import io.tenantstore.model.User;
import io.tenantstore.model.UserQuery;
import io.tenantstore.spi.AdapterConfig;
import io.tenantstore.spi.AdapterConnection;
import io.tenantstore.spi.TenantRepositories;
import io.tenantstore.spi.TenantScope;
import io.tenantstore.testkit.conformance.FakePasswordHasher;
import org.junit.jupiter.api.Test;

/**
 * The user search is answered from indexes on MySQL/MariaDB: for the search statement of
 * {@code users().list}, the server's plan reads the (tenant_id, key) indexes of the email and the
 * three name keys (an index merge of their ranges), not the whole table nor the tenant's whole
 * primary-key range, among enough rows of this and another tenant that a scan would cost.
 */
class MysqlUserSearchPlanIT {
    /** The search statement of the repository, as it reaches the server for a shared target. */
    private static final String SEARCH = "SELECT id FROM ts_users WHERE tenant_id = ?"
            + " AND ((email_normalized >= ? AND email_normalized < ?)"
            + " OR (display_name_key >= ? AND display_name_key < ?)"
            + " OR (given_name_key >= ? AND given_name_key < ?)"
            + " OR (family_name_key >= ? AND family_name_key < ?)) ORDER BY id LIMIT 51";

    @Test
    void theSearchReadsTheKeyIndexesNotTheTable() throws SQLException {
        String database = MysqlTestSupport.createDatabase("my_it_search_plan");
        String tenantId = UUID.randomUUID().toString();
        try {
            try (AdapterConnection connection = new MysqlAdapter().connect(new AdapterConfig(
                    MysqlTestSupport.config(database, Isolation.SHARED, false).build(),
                    Clock.systemUTC(), Runnable::run, new FakePasswordHasher(), List.of()))) {
                TenantRepositories repos = connection.bind(new TenantScope(tenantId, "acme", Isolation.SHARED, null));
                User ana = repos.users().create(new NewUser("ana@example.com", null, "Ana Lima", false));
                assertThat(repos.users().list(new UserQuery(10, "ana l", null)).users()).containsExactly(ana);
            }
            try (Connection c = MysqlTestSupport.open(database); Statement st = c.createStatement()) {
                // 20,000 rows, half this tenant's, half another's: neither a table scan nor the
                // tenant's primary-key range is a cheap way to the few matching rows
                st.execute("INSERT INTO ts_users (tenant_id, id, email, email_normalized, email_verified,"
                        + " display_name, display_name_key, created_at, updated_at)"
                        + " SELECT IF(n % 2 = 0, '" + tenantId + "', '00000000-0000-7000-8000-000000000001'),"
                        + " UUID(), CONCAT('u', n, '@example.com'), CONCAT('u', n, '@example.com'), false,"
                        + " CONCAT('Name ', n), CONCAT('name ', n), UTC_TIMESTAMP(6), UTC_TIMESTAMP(6)"
                        + " FROM (SELECT a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 10000 * f.d AS n"
                        + " FROM " + digits("a") + " CROSS JOIN " + digits("b") + " CROSS JOIN " + digits("c")
                        + " CROSS JOIN " + digits("e") + " CROSS JOIN " + digits("f") + ") numbers"
                        + " WHERE n BETWEEN 1 AND 20000");
                st.execute("ANALYZE TABLE ts_users");
                List<String[]> plan = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("EXPLAIN " + SEARCH)) {
                    ps.setString(1, tenantId);
                    for (int i = 0; i < 4; i++) {
                        ps.setString(2 + 2 * i, "ana");
                        ps.setString(3 + 2 * i, "anb");
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            plan.add(new String[] {rs.getString("type"), rs.getString("key"), rs.getString("Extra")});
                        }
                    }
                }
                assertThat(plan).hasSize(1);
                String type = plan.get(0)[0];
                String key = plan.get(0)[1];
                assertThat(type).as("access type (key %s, %s)", key, plan.get(0)[2]).isEqualTo("index_merge");
                assertThat(key).contains("ts_users_email_uk").contains("ts_users_display_name_ix")
                        .contains("ts_users_given_name_ix").contains("ts_users_family_name_ix");
            }
        } finally {
            MysqlTestSupport.dropDatabases(database);
        }
    }

    /** @return a derived table of the ten digits, aliased {@code alias}, column {@code d} */
    private static String digits(String alias) {
        StringBuilder b = new StringBuilder("(SELECT 0 AS d");
        for (int d = 1; d < 10; d++) {
            b.append(" UNION ALL SELECT ").append(d);
        }
        return b.append(") ").append(alias).toString();
    }
}
