package io.tenantstore.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tenantstore.DataAccessLayer;
import io.tenantstore.InvalidInputException;
import io.tenantstore.Secret;
import io.tenantstore.core.TenantStore;
import io.tenantstore.core.yaml.SecretResolver;
import io.tenantstore.core.yaml.SecretSite;
import io.tenantstore.core.yaml.StoreFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps docs/configuration.md in step with the readers: each mapping a reader accepts is probed with
 * an unknown key, the reader's own "expected one of: ..." answer gives the keys it accepts there, and
 * every one of them must appear as {@code `key`} in the section of the reference that documents
 * that mapping. No key list is copied here: a key added to a reader and not to the page fails.
 */
class ConfigurationReferenceTest {
    private static final String PROBE = "zzProbe";
    private static final Pattern EXPECTED = Pattern.compile("expected one of: ([A-Za-z0-9_, ]+)");
    private static final String DB = "driver: postgres, url: 'jdbc:postgresql://db.internal:5432/app'";
    private static final String TENANT_HEAD = "id: 6f1c1c52-3b0e-4f4e-9d55-0b1a3c2e7a10\nname: Acme\nversion: 1\n"
            + "createdAt: 2026-01-31T09:00:00Z\nupdatedAt: 2026-01-31T09:00:00Z\n";

    @TempDir
    Path dir;

    /** Accepts any ${ENV} or enc: value without looking it up: the probe is about keys, not values. */
    private static final SecretResolver ANY_SECRET = new SecretResolver() {
        @Override
        public Secret resolve(String text, SecretSite site) {
            return Secret.of("probe");
        }

        @Override
        public String reference(Secret secret, SecretSite site) {
            return "${PROBE}";
        }
    };

    @Test
    void everyStoreYamlKeyIsDocumented() throws IOException {
        String doc = reference();
        check(doc, "store.yaml top level", storeKeys("fsRoot: data\n" + PROBE + ": 1\n"));
        check(doc, "controlPlane", storeKeys("fsRoot: data\ncontrolPlane: { role: writer, " + PROBE + ": 1 }\n"));
        check(doc, "secrets", storeKeys("fsRoot: data\nsecrets: { keyset: 'env:KS', " + PROBE + ": 1 }\n"));
        check(doc, "cache", storeKeys("fsRoot: data\ncache: { driver: memory, " + PROBE + ": 1 }\n"));
        check(doc, "pools", storeKeys("fsRoot: data\npools: { " + PROBE + ": 1 }\n"));
        check(doc, "Database block", storeKeys("fsRoot: data\ndefaultTenantDb: { " + DB + ", " + PROBE + ": 1 }\n"));
        check(doc, "Database block", storeKeys("fsRoot: data\nglobalDb: { " + DB + ", " + PROBE + ": 1 }\n"));
        check(doc, "pool", storeKeys("fsRoot: data\ndefaultTenantDb: { " + DB + ", pool: { " + PROBE + ": 1 } }\n"));
        check(doc, "owner", storeKeys("fsRoot: data\ndefaultTenantDb: { " + DB + ", owner: { username: o, "
                + PROBE + ": 1 } }\n"));
        for (String provider : List.of("static, password: '${P}'", "env, passwordVariable: P",
                "file, path: /run/secrets/db", "command, command: [/bin/true]")) {
            check(doc, "credentials", storeKeys("fsRoot: data\ndefaultTenantDb: { " + DB + ", credentials: { provider: "
                    + provider + ", " + PROBE + ": 1 } }\n"));
        }
    }

    @Test
    void everyTenantYamlKeyIsDocumented() throws IOException {
        String doc = reference();
        check(doc, "tenant.yaml top level", tenantKeys(TENANT_HEAD + PROBE + ": 1\n"));
        check(doc, "settings", tenantKeys(TENANT_HEAD + "settings: { " + PROBE + ": 1 }\n"));
        check(doc, "settings.security", tenantKeys(TENANT_HEAD + "settings: { security: { " + PROBE + ": 1 } }\n"));
        check(doc, "settings.smtp", tenantKeys(TENANT_HEAD + "settings: { smtp: { host: mail.acme.example,"
                + " from: 'no-reply@acme.example', " + PROBE + ": 1 } }\n"));
        check(doc, "Database block", tenantKeys(TENANT_HEAD + "database: { " + DB + ", " + PROBE + ": 1 }\n"));
    }

    @Test
    void everyClientsAndScopesYamlKeyIsDocumented() throws IOException {
        String doc = reference();
        check(doc, "clients.yaml top level", controlPlaneKeys("clients.yaml", "clients: []\n" + PROBE + ": 1\n"));
        check(doc, "client entry", controlPlaneKeys("clients.yaml",
                "clients:\n  - { clientId: spa, name: SPA, type: public, " + PROBE + ": 1 }\n"));
        check(doc, "scopes.yaml top level", controlPlaneKeys("scopes.yaml", "scopes: []\n" + PROBE + ": 1\n"));
        check(doc, "scope entry", controlPlaneKeys("scopes.yaml", "scopes:\n  - { name: billing, " + PROBE + ": 1 }\n"));
    }

    @Test
    void everyBrandingAndAdminsYamlKeyIsDocumented() throws IOException {
        String doc = reference();
        check(doc, "branding.yaml top level", controlPlaneKeys("branding.yaml", "logoUrl: https://x.example/l.png\n"
                + PROBE + ": 1\n"));
        check(doc, "admins.yaml top level", adminsKeys("admins: []\n" + PROBE + ": 1\n"));
        check(doc, "admin entry", adminsKeys("admins:\n  - { id: a, username: ana, roles: [owner], provider: g,"
                + " subject: s, createdAt: 2030-01-01T00:00:00Z, " + PROBE + ": 1 }\n"));
    }

    private Set<String> adminsKeys(String yaml) throws IOException {
        Path root = dir.resolve("admins-" + System.nanoTime());
        Files.createDirectories(root);
        Files.writeString(root.resolve("admins.yaml"), yaml);
        try (DataAccessLayer store = TenantStore.builder().fsRoot(root).noBackgroundMaintenance().build()) {
            store.config().admins().list();
        } catch (InvalidInputException e) {
            return accepted(e, yaml);
        }
        return fail("no unknown-key error for admins.yaml:\n" + yaml);
    }

    @Test
    void aKeyMissingFromTheReferenceIsReported() {
        // The check itself can fail: a section without the key is caught.
        String doc = "## pools\n\n| `maxPools` |\n\n## other\n\n| `idleTimeout` |\n";
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> check(doc, "pools", Set.of("maxPools", "idleTimeout")))
                .isInstanceOf(AssertionError.class).hasMessageContaining("idleTimeout");
    }

    private static String reference() throws IOException {
        return Files.readString(Path.of("..", "docs", "configuration.md"));
    }

    private Set<String> storeKeys(String yaml) throws IOException {
        Path file = dir.resolve("store-" + System.nanoTime() + ".yaml");
        Files.writeString(file, yaml);
        try {
            StoreFile.read(file, ANY_SECRET);
        } catch (InvalidInputException e) {
            return accepted(e, yaml);
        }
        return fail("no unknown-key error for:\n" + yaml);
    }

    private Set<String> tenantKeys(String tenantYaml) throws IOException {
        return controlPlaneKeys("tenant.yaml", tenantYaml);
    }

    /** Writes one file of tenant 'acme' (the others valid) and reads the tenant through the store. */
    private Set<String> controlPlaneKeys(String fileName, String yaml) throws IOException {
        Path root = dir.resolve("cp-" + System.nanoTime());
        Path tenant = root.resolve("tenants/acme");
        Files.createDirectories(tenant);
        Files.writeString(tenant.resolve("tenant.yaml"), TENANT_HEAD + "database: none\n");
        Files.writeString(tenant.resolve(fileName), yaml);
        try (DataAccessLayer store = TenantStore.builder().fsRoot(root).noBackgroundMaintenance().build()) {
            store.config().tenants().getBySlug("acme");
            store.config().clients("acme").list();
            store.config().scopes("acme").list();
            store.config().branding().get("acme");
        } catch (InvalidInputException e) {
            return accepted(e, yaml);
        }
        return fail("no unknown-key error for " + fileName + ":\n" + yaml);
    }

    private static Set<String> accepted(InvalidInputException e, String yaml) {
        assertThat(e.getMessage()).as(yaml).contains("unknown key").contains(PROBE);
        Matcher m = EXPECTED.matcher(e.getMessage());
        assertThat(m.find()).as(e.getMessage()).isTrue();
        Set<String> keys = new LinkedHashSet<>(Arrays.asList(m.group(1).split(",\\s*")));
        keys.remove(PROBE);
        return keys;
    }

    /** Every key appears as `key` between the heading naming the section and the next heading. */
    static void check(String doc, String section, Set<String> keys) {
        List<String> lines = doc.lines().toList();
        int start = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).matches("#{2,4} " + Pattern.quote(section))) {
                start = i;
                break;
            }
        }
        assertThat(start).as("docs/configuration.md has a heading '" + section + "'").isNotNegative();
        StringBuilder body = new StringBuilder();
        for (int i = start + 1; i < lines.size() && !lines.get(i).startsWith("#"); i++) {
            body.append(lines.get(i)).append('\n');
        }
        List<String> missing = new ArrayList<>();
        for (String key : keys) {
            if (!body.toString().contains("`" + key + "`")) {
                missing.add(key);
            }
        }
        assertThat(missing).as("keys the code accepts in '" + section + "' but docs/configuration.md does not"
                + " document there").isEmpty();
    }
}
