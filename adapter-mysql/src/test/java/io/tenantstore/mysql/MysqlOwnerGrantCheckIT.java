package io.tenantstore.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

import io.tenantstore.ErrorCode;
import io.tenantstore.Isolation;
import io.tenantstore.OwnerLogin;
import io.tenantstore.Secret;
import io.tenantstore.StoreException;
import io.tenantstore.spi.AdapterConfig;
import io.tenantstore.spi.AdapterConnection;
import io.tenantstore.spi.TenantScope;
import io.tenantstore.testkit.conformance.FakePasswordHasher;
import org.junit.jupiter.api.Test;

/**
 * An owner login that may create and migrate but not grant (no {@code GRANT OPTION}) is refused
 * when a tenant is bound, with the grant that fixes it, before it creates the tenant's database.
 */
class MysqlOwnerGrantCheckIT {
    @Test
    void anOwnerWithoutGrantOptionIsRefusedAtBindBeforeAnythingIsCreated() throws SQLException {
        String database = MysqlTestSupport.createDatabase("my_it_grantcheck");
        String owner = MysqlTestSupport.uniqueName("ts_own");
        String runtime = MysqlTestSupport.uniqueName("ts_run");
        String ownerPassword = UUID.randomUUID().toString();
        String runtimePassword = UUID.randomUUID().toString();
        String schema = MysqlTestSupport.uniqueName("my_it_grantcheck_t");
        try {
            try (Connection c = MysqlTestSupport.open(database); Statement st = c.createStatement()) {
                st.execute("CREATE USER '" + owner + "'@'%' IDENTIFIED BY '" + ownerPassword + "'");
                st.execute("GRANT CREATE, ALTER, DROP, INDEX, REFERENCES, SELECT, INSERT, UPDATE, DELETE ON *.* TO '"
                        + owner + "'@'%'");
                st.execute("CREATE USER '" + runtime + "'@'%' IDENTIFIED BY '" + runtimePassword + "'");
                st.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON `" + database + "`.* TO '" + runtime + "'@'%'");
            }
            try (AdapterConnection connection = new MysqlAdapter().connect(new AdapterConfig(
                    MysqlTestSupport.config(database, Isolation.SCHEMA, false).username(runtime)
                            .password(Secret.of(runtimePassword)).owner(new OwnerLogin(owner, Secret.of(ownerPassword)))
                            .build(),
                    Clock.systemUTC(), Runnable::run, new FakePasswordHasher(), List.of()))) {
                TenantScope scope = new TenantScope(UUID.randomUUID().toString(), "grantcheck", Isolation.SCHEMA, schema);
                assertThatThrownBy(() -> connection.bind(scope))
                        .isInstanceOf(StoreException.class)
                        .satisfies(e -> assertThat(((StoreException) e).code()).isEqualTo(ErrorCode.CONFIGURATION))
                        .hasMessageContaining("'" + owner + "'")
                        .hasMessageContaining("lacks GRANT OPTION for SELECT, INSERT, UPDATE, DELETE")
                        .hasMessageContaining("WITH GRANT OPTION")
                        .hasMessageNotContaining(ownerPassword);
            }
            try (Connection c = MysqlTestSupport.open(database); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM information_schema.SCHEMATA"
                         + " WHERE SCHEMA_NAME = '" + schema + "'")) {
                rs.next();
                assertThat(rs.getInt(1)).as("the tenant's database is not created").isZero();
            }
        } finally {
            MysqlTestSupport.dropDatabases(database, schema);
            try (Connection c = MysqlTestSupport.open("mysql");
                 Statement st = c.createStatement()) {
                st.execute("DROP USER IF EXISTS '" + owner + "'@'%'");
                st.execute("DROP USER IF EXISTS '" + runtime + "'@'%'");
            }
        }
    }
}
