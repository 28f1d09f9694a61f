package io.tenantstore.examples.plain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.tenantstore.DbConfig;
import io.tenantstore.Isolation;
import io.tenantstore.Secret;
import io.tenantstore.core.TenantStore;
import io.tenantstore.testkit.TestDatabase;
import io.tenantstore.testkit.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlainJavaExampleIT {
    @TempDir
    Path dir;

    @Test
    void twoTenantsOnOneServerDoNotSeeEachOthersUsersAndASecondRunReusesThem() throws Exception {
        TestDatabase server = TestDatabases.postgres();
        String url = server.createDatabase("example_plain_java");
        // the shipped store.yaml, its database replaced by the test server's
        Path storeYaml = Files.copy(Path.of("store.yaml"), dir.resolve("store.yaml"));
        DbConfig.Builder db = DbConfig.builder("postgres", url).isolation(Isolation.SCHEMA).username(server.username());
        if (server.password() != null) {
            db.password(Secret.of(server.password()));
        }
        DbConfig testDb = db.build();

        String first = runOnce(storeYaml, testDb);
        assertThat(first).contains("mode: FS_TENANT_DB", "created tenant acme", "created tenant globex",
                "password ok=true", "acme sees bob: false", "globex sees ana: false", "healthy: true");
        assertThat(Files.exists(dir.resolve("data/tenants/acme/tenant.yaml"))).isTrue();

        String second = runOnce(storeYaml, testDb);
        assertThat(second).doesNotContain("created tenant").contains("password ok=true", "acme sees bob: false");
        assertThat(line(first, "acme: ana=")).isEqualTo(line(second, "acme: ana="));
    }

    private static String runOnce(Path storeYaml, DbConfig db) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PlainJavaExample.run(TenantStore.builder(storeYaml).defaultTenantDb(db),
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static String line(String output, String prefix) {
        return output.lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow().split(" ")[1];
    }
}
