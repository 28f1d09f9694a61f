package io.tenantstore.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;

import javax.sql.DataSource;

import io.tenantstore.DataAccessLayer;
import io.tenantstore.DbConfig;
import io.tenantstore.Isolation;
import io.tenantstore.OperationalMode;
import io.tenantstore.TenantDataAccess;
import io.tenantstore.UnsupportedIsolationException;
import io.tenantstore.core.TenantStore;
import io.tenantstore.core.internal.DefaultDataAccessLayer;
import io.tenantstore.model.NewTenant;
import io.tenantstore.model.NewUser;
import io.tenantstore.model.TenantDatabase;
import io.tenantstore.model.TenantSettings;
import io.tenantstore.model.User;
import io.tenantstore.testkit.conformance.FakeClock;
import io.tenantstore.testkit.conformance.FakePasswordHasher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SQLite adapter behind {@link TenantStore}: a file and a pool per tenant, evicted when idle, like any pool. */
class SqliteTenantStoreIT {
    private static final DbConfig PER_TENANT =
            DbConfig.builder(SqliteAdapter.NAME, "jdbc:sqlite:tenants").isolation(Isolation.DATABASE).build();

    @TempDir
    Path root;

    private final FakeClock clock = new FakeClock(Instant.parse("2030-01-01T00:00:00Z"));

    private DataAccessLayer open(DbConfig db) {
        return TenantStore.builder().fsRoot(root).defaultTenantDb(db).passwordHasher(new FakePasswordHasher())
                .clock(clock).poolIdleTimeout(Duration.ofMinutes(1)).noBackgroundMaintenance().build();
    }

    @Test
    void eachTenantGetsItsOwnFileAndPoolNextToItsTenantYaml() throws Exception {
        try (DataAccessLayer store = open(PER_TENANT)) {
            assertThat(store.mode()).isEqualTo(OperationalMode.FS_TENANT_DB);
            store.config().tenants().create(NewTenant.of("acme", "Acme"));
            store.config().tenants().create(NewTenant.of("globex", "Globex"));
            TenantDataAccess acme = store.forTenant("acme");
            TenantDataAccess globex = store.forTenant("globex");
            User ana = acme.users().create(NewUser.of("ana@example.com", null));
            globex.users().create(NewUser.of("ana@example.com", null));
            acme.users().setPassword(ana.id(), "correct horse".toCharArray());

            assertThat(acme.users().checkPassword(ana.id(), "correct horse".toCharArray())).isTrue();
            assertThat(globex.users().getById(ana.id())).isEmpty();
            assertThat(root.resolve("tenants/acme/data.db")).isRegularFile();
            assertThat(root.resolve("tenants/globex/data.db")).isRegularFile();
            assertThat(root.resolve("tenants/acme/tenant.yaml")).isRegularFile();
            // password and token hashes, TOTP seeds: the file and its WAL are its owner's only
            try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(root.resolve("tenants/acme"))) {
                assertThat(files.filter(f -> f.getFileName().toString().startsWith("data.db")))
                        .isNotEmpty().allSatisfy(f -> assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                                java.nio.file.Files.getPosixFilePermissions(f))).as(f.toString()).isEqualTo("rw-------"));
            }
            // the application's own SQL on acme's handle opens acme's file only
            assertThat(countUsers(acme.unwrap(DataSource.class))).isEqualTo(1);
            assertThat(store.stats().pools()).hasSize(2)
                    .allSatisfy(p -> assertThat(p.key()).contains("sqlite"));
        }
    }

    /** The README's recipe for an application's own tests. */
    @Test
    void aStoreForUnitTestsRunsOnFilesInATemporaryDirectory() {
        try (DataAccessLayer store = TenantStore.builder().fsRoot(root)
                .defaultTenantDb(SqliteAdapter.perTenantFiles(root.resolve("db"))).build()) {
            store.config().tenants().create(NewTenant.of("acme", "Acme"));
            User ana = store.forTenant("acme").users().create(NewUser.of("ana@example.com", null));
            assertThat(store.forTenant("acme").users().getByEmail("ana@example.com").orElseThrow().user()).isEqualTo(ana);
            assertThat(root.resolve("db/acme/data.db")).isRegularFile();
        }
    }

    @Test
    void anIdleTenantsPoolIsClosedAndReopenedOnItsNextCall() {
        try (DataAccessLayer store = open(PER_TENANT)) {
            store.config().tenants().create(NewTenant.of("acme", "Acme"));
            User ana = store.forTenant("acme").users().create(NewUser.of("ana@example.com", null));
            assertThat(store.stats().pools()).hasSize(1);

            DefaultDataAccessLayer maintained = (DefaultDataAccessLayer) store;
            maintained.maintain(); // a round notes the tenant's last use
            clock.advance(Duration.ofMinutes(2));
            maintained.maintain(); // drops the idle tenant, which releases its pool
            assertThat(store.stats().pools()).singleElement().satisfies(p -> assertThat(p.tenants()).isZero());
            clock.advance(Duration.ofMinutes(2));
            maintained.maintain(); // closes the pool nobody used for the idle timeout
            assertThat(store.stats().pools()).isEmpty();
            assertThat(store.stats().poolEvictions()).isEqualTo(1);

            assertThat(store.forTenant("acme").users().getById(ana.id())).isPresent();
            assertThat(store.stats().pools()).hasSize(1);
        }
    }

    @Test
    void oneSharedFileHoldsEveryTenantSeparatedByTenantId() {
        try (DataAccessLayer store = open(DbConfig.builder(SqliteAdapter.NAME, "jdbc:sqlite:shared.db")
                .isolation(Isolation.SHARED).build())) {
            store.config().tenants().create(NewTenant.of("acme", "Acme"));
            store.config().tenants().create(NewTenant.of("globex", "Globex"));
            User ana = store.forTenant("acme").users().create(NewUser.of("ana@example.com", null));
            assertThat(store.forTenant("globex").users().getById(ana.id())).isEmpty();
            assertThat(root.resolve("shared.db")).isRegularFile();
            assertThat(store.stats().pools()).hasSize(1);
        }
    }

    @Test
    void schemaIsolationIsRefusedWhenTheConfigurationIsRead() {
        DbConfig schema = DbConfig.builder(SqliteAdapter.NAME, "jdbc:sqlite:x.db").isolation(Isolation.SCHEMA).build();
        assertThatThrownBy(() -> open(schema)).isInstanceOf(UnsupportedIsolationException.class)
                .hasMessageContaining("sqlite").hasMessageContaining("'schema'")
                .hasMessageContaining("database, shared");
        assertThat(root.resolve("x.db")).doesNotExist();
    }

    @Test
    void aTenantAskingForSchemaIsolationIsRefusedBeforeItIsWritten() throws Exception {
        try (DataAccessLayer store = open(PER_TENANT)) {
            DbConfig schema = DbConfig.builder(SqliteAdapter.NAME, "jdbc:sqlite:x.db").isolation(Isolation.SCHEMA).build();
            NewTenant bad = new NewTenant("acme", "Acme", "Acme", TenantSettings.DEFAULTS, new TenantDatabase.Own(schema));
            assertThatThrownBy(() -> store.config().tenants().create(bad))
                    .isInstanceOfSatisfying(UnsupportedIsolationException.class,
                            e -> assertThat(e.isolation()).isEqualTo(Isolation.SCHEMA));
            assertThat(store.config().tenants().getBySlug("acme")).isEmpty();
            assertThat(Files.exists(root.resolve("tenants/acme"))).isFalse();
        }
    }

    private static int countUsers(DataSource ds) throws Exception {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM ts_users")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
