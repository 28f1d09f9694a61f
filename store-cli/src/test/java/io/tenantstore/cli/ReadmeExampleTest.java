package io.tenantstore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import io.tenantstore.DataAccessLayer;
import io.tenantstore.DbConfig;
import io.tenantstore.TenantDataAccess;
import io.tenantstore.core.TenantStore;
import io.tenantstore.model.NewTenant;
import io.tenantstore.model.NewUser;
import io.tenantstore.model.User;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keeps README's usage example compiling: the snippet between the markers must appear in README verbatim. */
class ReadmeExampleTest {
    @TempDir
    Path dir;

    @SuppressWarnings("unused")
    static User example(Path data, String postgresUrl) {
        // README:begin
        try (DataAccessLayer store = TenantStore.builder()
                .fsRoot(data)                                        // tenants, clients, scopes as YAML
                .defaultTenantDb(DbConfig.of("postgres", postgresUrl)) // shared tables, row-level security
                .build()) {
            store.config().tenants().create(NewTenant.of("acme", "Acme Inc"));
            TenantDataAccess acme = store.forTenant("acme");          // bound once; cannot reach other tenants
            String hash = store.passwordHasher().hash("correct horse battery".toCharArray());
            User ana = acme.users().create(NewUser.of("ana@acme.io", hash));
            boolean ok = acme.users().checkPassword(ana.id(), "correct horse battery".toCharArray());
            acme.cache().set("login:" + ana.id(), "ok", Duration.ofMinutes(5));
            return ana;
        }
        // README:end
    }

    @Test
    void readmeShowsExactlyTheCompiledExample() throws IOException {
        Path source = Path.of("src/test/java/io/tenantstore/cli/ReadmeExampleTest.java");
        List<String> lines = Files.readAllLines(source);
        int begin = lines.indexOf("        // README:begin");
        int end = lines.indexOf("        // README:end");
        String snippet = lines.subList(begin + 1, end).stream().map(l -> l.length() >= 8 ? l.substring(8) : l)
                .collect(Collectors.joining("\n"));
        String readme = Files.readString(Path.of("..", "README.md"));
        assertThat(readme).contains(snippet);
        assertThat(end - begin - 1).as("README promises an example of about 15 lines").isLessThanOrEqualTo(15);
    }

    @Test
    void theControlPlanePartOfTheExampleRunsWithoutADatabase() {
        try (DataAccessLayer store = TenantStore.builder().fsRoot(dir).noBackgroundMaintenance().build()) {
            store.config().tenants().create(NewTenant.of("acme", "Acme Inc"));
            TenantDataAccess acme = store.forTenant("acme");
            assertThat(acme.slug()).isEqualTo("acme");
            assertThat(acme.hasDatabase()).isFalse();
            acme.cache().set("k", "v", Duration.ofMinutes(5));
            assertThat(acme.cache().get("k")).contains("v");
        }
    }
}
