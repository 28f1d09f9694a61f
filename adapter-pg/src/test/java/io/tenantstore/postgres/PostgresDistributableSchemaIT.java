package io.tenantstore.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
 * Reads the catalog of a migrated PostgreSQL target and fails unless every primary, unique and
 * foreign key, and every index, of the store's tables starts with {@code tenant_id} (and every
 * foreign key references a key starting with it): what a distributed PostgreSQL (Citus) needs to
 * keep each tenant on one shard. Checked for a schema target and for shared tables.
 */
class PostgresDistributableSchemaIT {
    /** Flyway's bookkeeping tables (ours and the row-level-security step's) hold no tenant rows. */
    private static final String NOT_FLYWAY_HISTORY = " AND NOT EXISTS (SELECT 1 FROM pg_attribute h"
            + " WHERE h.attrelid = t.oid AND h.attname = 'installed_rank')"
            // the one-row key of the signed row-level-security setting: no tenant's data, and a
            // distributed PostgreSQL would keep it as a reference table on every node
            + " AND t.relname <> 'ts_rls_key'";

    @TempDir
    Path root;

    @Test
    void everyKeyAndIndexOfASchemaTargetLeadsWithTenantId() throws Exception {
        String db = PgTestSupport.createDatabase("pg_it_dist_schema", null);
        try {
            migrate(db, Isolation.SCHEMA);
            assertKeysLeadWithTenantId(db, "t_acme");
        } finally {
            PgTestSupport.dropDatabase(db);
        }
    }

    @Test
    void everyKeyAndIndexOfSharedTablesLeadsWithTenantId() throws Exception {
        PgTestSupport.ensureAppRole();
        String db = PgTestSupport.createDatabase("pg_it_dist_shared", PgTestSupport.APP_ROLE);
        try {
            migrate(db, Isolation.SHARED);
            assertKeysLeadWithTenantId(db, "public");
        } finally {
            PgTestSupport.dropDatabase(db);
        }
    }

    private void migrate(String db, Isolation isolation) {
        try (DataAccessLayer store = TenantStore.builder().fsRoot(root.resolve(isolation.name()))
                // shared tables with row-level security need a login that does not bypass it
                .defaultTenantDb((isolation == Isolation.SHARED ? PgTestSupport.appConfig(db, isolation)
                        : PgTestSupport.config(db, isolation)).build())
                .passwordHasher(new FakePasswordHasher())
                .noBackgroundMaintenance()
                .build()) {
            store.config().tenants().create(NewTenant.of("acme", "Acme"));
            store.forTenant("acme").users().create(NewUser.of("ana@example.com", null));
        }
    }

    private static void assertKeysLeadWithTenantId(String db, String schema) throws SQLException {
        List<String> constraints = new ArrayList<>();
        List<String> offenders = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(PgTestSupport.urlOf(db), PgTestSupport.adminUser(),
                PgTestSupport.adminPassword())) {
            try (PreparedStatement ps = c.prepareStatement("SELECT t.relname, k.conname, k.contype, a.attname,"
                    + " fa.attname FROM pg_constraint k"
                    + " JOIN pg_class t ON t.oid = k.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace"
                    + " JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]"
                    + " LEFT JOIN pg_attribute fa ON fa.attrelid = k.confrelid AND fa.attnum = k.confkey[1]"
                    + " WHERE n.nspname = ? AND t.relname LIKE 'ts\\_%' " + NOT_FLYWAY_HISTORY
                    + " AND k.contype IN ('p', 'u', 'f')")) {
                ps.setString(1, schema);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String name = rs.getString(1) + "." + rs.getString(2);
                        constraints.add(name);
                        if (!"tenant_id".equals(rs.getString(4))
                                || ("f".equals(rs.getString(3)) && !"tenant_id".equals(rs.getString(5)))) {
                            offenders.add(name + " starts with " + rs.getString(4) + " -> " + rs.getString(5));
                        }
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT t.relname, ix.relname, a.attname FROM pg_index i"
                    + " JOIN pg_class t ON t.oid = i.indrelid JOIN pg_class ix ON ix.oid = i.indexrelid"
                    + " JOIN pg_namespace n ON n.oid = t.relnamespace"
                    + " JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = i.indkey[0]"
                    + " WHERE n.nspname = ? AND t.relname LIKE 'ts\\_%' " + NOT_FLYWAY_HISTORY)) {
                ps.setString(1, schema);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        constraints.add(rs.getString(1) + "." + rs.getString(2));
                        if (!"tenant_id".equals(rs.getString(3))) {
                            offenders.add("index " + rs.getString(1) + "." + rs.getString(2) + " starts with "
                                    + rs.getString(3));
                        }
                    }
                }
            }
        }
        // 11 tables, each with a primary key; the catalog must really have been read
        assertThat(constraints).hasSizeGreaterThan(30).anyMatch(n -> n.startsWith("ts_users."));
        assertThat(offenders).isEmpty();
    }
}
