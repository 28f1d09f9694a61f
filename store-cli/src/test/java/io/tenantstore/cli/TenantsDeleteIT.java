package io.tenantstore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;

import io.tenantstore.DataAccessLayer;
import io.tenantstore.Secret;
import io.tenantstore.TenantDataAccess;
import io.tenantstore.core.TenantStore;
import io.tenantstore.core.secret.Keyring;
import io.tenantstore.fs.FsSecrets;
import io.tenantstore.model.NewUser;
import io.tenantstore.model.User;
import io.tenantstore.testkit.TestDatabase;
import io.tenantstore.testkit.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tenants delete --purge} on PostgreSQL: asks, says what it does, and leaves no schema behind. */
class TenantsDeleteIT {
    @TempDir
    Path dir;

    @Test
    void purgeAsksThenDropsTheTenantsSchemaAndSaysSo() throws Exception {
        TestDatabase server = TestDatabases.postgres();
        String url = server.createDatabase("cli_delete_" + UUID.randomUUID().toString().substring(0, 8));
        FsSecrets.writeOwnerOnly(dir.resolve("keyset.json"), Keyring.generate().exportJson().reveal());
        Path storeYaml = dir.resolve("store.yaml");
        Files.writeString(storeYaml, "fsRoot: data\nsecrets: { keyset: file:keyset.json }\ndefaultTenantDb:\n"
                + "  driver: postgres\n  url: '" + url + "'\n  isolation: schema\n  username: " + server.username() + "\n"
                + (server.password() == null ? "" : "  password: ${TS_IT_PASSWORD}\n"));
        String store = storeYaml.toString();
        assertThat(CliRunner.run("tenants", "create", "acme", "--store", store).exit()).isZero();
        try (DataAccessLayer dal = TenantStore.open(storeYaml)) {
            TenantDataAccess acme = dal.forTenant("acme");
            User ana = acme.users().create(NewUser.of("ana@acme.io", null));
            acme.mfa().upsertTotp(ana.id(), Secret.of("JBSWY3DPEHPK3PXP"));
        }
        assertThat(schemaExists(server, url, "t_acme")).isTrue();

        CliRunner r = withInput("acme\n", () -> CliRunner.run("tenants", "delete", "acme", "--purge", "--store", store));

        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("its data will be PURGED (--purge)").contains("type the slug 'acme' to confirm:")
                .contains("deleted tenant acme; data purged: dropped schema t_acme");
        assertThat(schemaExists(server, url, "t_acme")).isFalse();
        assertThat(CliRunner.run("tenants", "list", "--store", store).out()).contains("0 tenant(s)");
    }

    private static boolean schemaExists(TestDatabase server, String url, String schema) throws Exception {
        try (Connection c = DriverManager.getConnection(url, server.username(),
                server.password() == null ? "" : server.password());
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM information_schema.schemata"
                     + " WHERE schema_name = ?")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        }
    }

    private static CliRunner withInput(String text, java.util.function.Supplier<CliRunner> command) {
        InputStream before = System.in;
        System.setIn(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        try {
            return command.get();
        } finally {
            System.setIn(before);
        }
    }
}
