package io.tenantstore.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import javax.sql.DataSource;

import io.tenantstore.DbConfig;
import io.tenantstore.Isolation;
import io.tenantstore.OwnerLogin;
import io.tenantstore.Secret;
import io.tenantstore.model.NewUser;
import io.tenantstore.spi.TenantRepositories;
import io.tenantstore.spi.TenantScope;
import org.junit.jupiter.api.Test;

/**
 * The conformance suite with a runtime login apart from the owner login that migrates: both are
 * users created for the suite (and dropped after it), the owner with the DDL and data rights on
 * every database {@code WITH GRANT OPTION}, the runtime with the data rights on the pool's own
 * database only (the administrator's one grant, so it can connect) until the store grants it the
 * data rights on what the owner creates and migrates. On top of the suite: the runtime login holds no DDL right
 * anywhere, the server refuses its DDL through {@code unwrap}, and a tenant created after the start
 * works without any grant by hand. Not thread-safe (one per test class).
 */
abstract class MysqlLeastPrivilegeSuite extends MysqlConformanceSuite {
    private final String owner = MysqlTestSupport.uniqueName("ts_own");
    private final String runtime = MysqlTestSupport.uniqueName("ts_run");
    private final String ownerPassword = UUID.randomUUID().toString();
    private final String runtimePassword = UUID.randomUUID().toString();
    private final List<String> lateSchemas = new ArrayList<>();

    /** @param isolation the isolation under test */
    MysqlLeastPrivilegeSuite(Isolation isolation) {
        super(isolation, false);
        admin("CREATE USER '" + owner + "'@'%' IDENTIFIED BY '" + ownerPassword + "'",
                "GRANT CREATE, ALTER, DROP, INDEX, REFERENCES, SELECT, INSERT, UPDATE, DELETE ON *.* TO '"
                        + owner + "'@'%' WITH GRANT OPTION",
                "CREATE USER '" + runtime + "'@'%' IDENTIFIED BY '" + runtimePassword + "'",
                // the one grant the administrator makes: the runtime login may open the pool's database
                "GRANT SELECT, INSERT, UPDATE, DELETE ON `" + database() + "`.* TO '" + runtime + "'@'%'");
    }

    @Override
    final DbConfig.Builder logins(DbConfig.Builder config) {
        return config.username(runtime).password(Secret.of(runtimePassword))
                .owner(new OwnerLogin(owner, Secret.of(ownerPassword)));
    }

    @Test
    void theRuntimeLoginHoldsNoDefinitionRightAnywhere() throws SQLException {
        scopedRepositories().users().create(NewUser.of("grants@example.com", null));
        List<String> grants = new ArrayList<>();
        try (Connection c = MysqlTestSupport.open(database()); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SHOW GRANTS FOR '" + runtime + "'@'%'")) {
            while (rs.next()) {
                grants.add(rs.getString(1).toUpperCase(Locale.ROOT));
            }
        }
        assertThat(grants).anySatisfy(g -> assertThat(g).contains("SELECT, INSERT, UPDATE, DELETE ON")
                .contains("`TS_USERS`"));
        assertThat(grants).allSatisfy(g -> assertThat(g).doesNotContain("CREATE").doesNotContain("DROP")
                .doesNotContain("ALTER").doesNotContain("INDEX").doesNotContain("ALL PRIVILEGES")
                .doesNotContain("GRANT OPTION").doesNotContain("REFERENCES"));
        // the migration history is read-only to it
        assertThat(grants).filteredOn(g -> g.contains("`TS_SCHEMA_HISTORY`"))
                .isNotEmpty().allSatisfy(g -> assertThat(g).startsWith("GRANT SELECT ON"));
    }

    @Test
    void theServerRefusesDefinitionsThroughUnwrap() throws SQLException {
        TenantRepositories repos = scopedRepositories();
        repos.users().create(NewUser.of("ddl@example.com", null));
        DataSource ds = repos.unwrap(DataSource.class).orElseThrow();
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            String schema = scopeA().schema();
            String qualified = schema == null ? "ts_intruder" : "`" + schema + "`.ts_intruder";
            assertThatThrownBy(() -> st.execute("CREATE TABLE " + qualified + " (id INT)"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).isEqualTo(1142));
            assertThatThrownBy(() -> st.execute("CREATE DATABASE " + MysqlTestSupport.uniqueName("ts_intruder")))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).isEqualTo(1044));
            String users = schema == null ? "ts_users" : "`" + schema + "`.ts_users";
            assertThatThrownBy(() -> st.execute("ALTER TABLE " + users + " ADD COLUMN intruder INT"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).isEqualTo(1142));
        }
    }

    @Test
    void aTenantCreatedAfterTheStartWorksWithoutAGrantByHand() {
        scopedRepositories().users().create(NewUser.of("first@example.com", null));
        TenantScope late = lateScope();
        TenantRepositories repos = connection().bind(late);
        assertThat(repos.users().create(NewUser.of("late@example.com", null)).email()).isEqualTo("late@example.com");
        assertThat(repos.users().getByEmail("late@example.com")).isPresent();
    }

    private TenantRepositories scopedRepositories() {
        return a();
    }

    private TenantScope lateScope() {
        String id = UUID.randomUUID().toString();
        if (isolation() != Isolation.SCHEMA) {
            return new TenantScope(id, "late-" + id.substring(0, 8), isolation(), null);
        }
        String schema = MysqlTestSupport.uniqueName("my_it_late");
        lateSchemas.add(schema);
        return new TenantScope(id, "late-" + schema.replace('_', '-'), isolation(), schema);
    }

    @Override
    protected void afterSuite() {
        try {
            MysqlTestSupport.dropDatabases(lateSchemas.toArray(String[]::new));
            super.afterSuite();
        } finally {
            admin("DROP USER IF EXISTS '" + owner + "'@'%'", "DROP USER IF EXISTS '" + runtime + "'@'%'");
        }
    }

    private static void admin(String... statements) {
        TestDatabaseLogin server = new TestDatabaseLogin();
        try (Connection c = DriverManager.getConnection(server.url, server.user, server.password);
             Statement st = c.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot set up the test logins", e);
        }
    }

    /** The test server's administrator login. */
    private static final class TestDatabaseLogin {
        final String url = MysqlTestSupport.server().url();
        final String user = MysqlTestSupport.server().username();
        final String password = MysqlTestSupport.server().password() == null ? "" : MysqlTestSupport.server().password();
    }
}
