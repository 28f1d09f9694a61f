package io.tenantstore.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

import io.tenantstore.DataAccessLayer;
import io.tenantstore.Isolation;
import io.tenantstore.core.TenantStore;
import io.tenantstore.model.NewTenant;
import io.tenantstore.model.NewUser;
import io.tenantstore.testkit.conformance.FakePasswordHasher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads {@code information_schema} of a migrated MySQL/MariaDB database and fails unless every
 * primary, unique and foreign key, and every index, of the store's tables starts with
 * {@code tenant_id} (foreign keys referencing a key that starts with it too): what Vitess needs to
 * route every statement of a tenant to one shard.
 */
class MysqlDistributableSchemaIT {
    @TempDir
    Path root;

    @Test
    void everyKeyAndIndexLeadsWithTenantId() throws Exception {
        String db = MysqlTestSupport.createDatabase("my_it_dist");
        try {
            try (DataAccessLayer store = TenantStore.builder().fsRoot(root)
                    .defaultTenantDb(MysqlTestSupport.config(db, Isolation.SHARED, false).build())
                    .passwordHasher(new FakePasswordHasher())
                    .noBackgroundMaintenance()
                    .build()) {
                store.config().tenants().create(NewTenant.of("acme", "Acme"));
                store.forTenant("acme").users().create(NewUser.of("ana@example.com", null));
            }
            List<String> seen = new ArrayList<>();
            List<String> offenders = new ArrayList<>();
            try (Connection c = MysqlTestSupport.open(db)) {
                // Flyway's bookkeeping table holds no tenant rows
                String storeTables = " AND TABLE_NAME LIKE 'ts\\_%' AND TABLE_NAME NOT IN (SELECT TABLE_NAME"
                        + " FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND COLUMN_NAME = 'installed_rank')";
                try (PreparedStatement ps = c.prepareStatement("SELECT TABLE_NAME, CONSTRAINT_NAME, COLUMN_NAME,"
                        + " REFERENCED_COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE"
                        + " WHERE TABLE_SCHEMA = ? AND ORDINAL_POSITION = 1" + storeTables)) {
                    ps.setString(1, db);
                    ps.setString(2, db);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            String name = rs.getString(1) + "." + rs.getString(2);
                            seen.add(name);
                            String referenced = rs.getString(4);
                            if (!"tenant_id".equals(rs.getString(3))
                                    || (referenced != null && !"tenant_id".equals(referenced))) {
                                offenders.add(name + " starts with " + rs.getString(3) + " -> " + referenced);
                            }
                        }
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT TABLE_NAME, INDEX_NAME, COLUMN_NAME"
                        + " FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? AND SEQ_IN_INDEX = 1"
                        + storeTables)) {
                    ps.setString(1, db);
                    ps.setString(2, db);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            String name = "index " + rs.getString(1) + "." + rs.getString(2);
                            seen.add(name);
                            if (!"tenant_id".equals(rs.getString(3))) {
                                offenders.add(name + " starts with " + rs.getString(3));
                            }
                        }
                    }
                }
            }
            assertThat(seen).hasSizeGreaterThan(30).anyMatch(n -> n.startsWith("ts_users."));
            assertThat(offenders).isEmpty();
        } finally {
            MysqlTestSupport.dropDatabases(db);
        }
    }
}
