package io.tenantstore.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.tenantstore.DataAccessLayer;
import io.tenantstore.Secret;
import io.tenantstore.StoreException;
import io.tenantstore.core.TenantStore;
import io.tenantstore.core.yaml.SecretResolver;
import io.tenantstore.core.yaml.SecretSite;
import io.tenantstore.core.yaml.StoreFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Every {@code yaml} block of README.md and docs/ is parsed, and every example of a TenantStore
 * file is bound by the reader the store uses for that file, so a misspelt or invalid key fails
 * here. The kind of a block comes from its first line ({@code # store.yaml}, {@code # tenant.yaml},
 * {@code # clients.yaml}, {@code # scopes.yaml}) or from a marker on the line before it
 * ({@code <!-- check: yaml KIND [part] -->}); docs/writing-docs.md lists the kinds.
 */
class DocsYamlTest {
    /** The kinds a marker may name. */
    static final Set<String> KINDS = Set.of("store.yaml", "tenant.yaml", "clients.yaml", "scopes.yaml",
            "database-block", "credentials", "spring-boot", "branding.yaml", "admins.yaml", "keys.yaml");
    private static final String TENANT_HEAD = "id: 6f1c1c52-3b0e-4f4e-9d55-0b1a3c2e7a10\nname: Acme\nversion: 1\n"
            + "createdAt: 2026-01-31T09:00:00Z\nupdatedAt: 2026-01-31T09:00:00Z\n";

    /** Accepts any ${ENV} or enc: value without looking it up: the docs show references, not values. */
    private static final SecretResolver ANY_SECRET = new SecretResolver() {
        @Override
        public Secret resolve(String text, SecretSite site) {
            return Secret.of("docs");
        }

        @Override
        public String reference(Secret secret, SecretSite site) {
            return "${DOCS}";
        }
    };

    @TempDir
    Path dir;

    /** The keyset a store.yaml example names ({@code file:keyset.json}, next to the file). */
    @org.junit.jupiter.api.BeforeEach
    void keyset() {
        CliRunner keygen = CliRunner.run("secrets", "keygen", "--out", dir.resolve("keyset.json").toString());
        assertThat(keygen.exit()).as(keygen.err()).isZero();
    }

    @Test
    void everyYamlBlockParsesAndEveryFileExampleBinds() throws IOException {
        List<DocBlocks> blocks = DocBlocks.of("yaml");
        assertThat(blocks).hasSizeGreaterThanOrEqualTo(12);
        List<String> problems = new ArrayList<>();
        int bound = 0;
        for (DocBlocks b : blocks) {
            try {
                new Load(LoadSettings.builder().build()).loadFromString(b.body());
            } catch (RuntimeException e) {
                problems.add(b.where() + ": not YAML: " + e.getMessage());
                continue;
            }
            Kind kind = kind(b);
            if (kind == null) {
                problems.add(b.where() + ": no kind: start the block with '# store.yaml' (or tenant.yaml, clients.yaml,"
                        + " scopes.yaml) or put <!-- check: yaml KIND --> before it, KIND one of " + KINDS);
                continue;
            }
            try {
                if (bind(kind, b.body())) {
                    bound++;
                }
            } catch (StoreException e) {
                problems.add(b.where() + ": " + kind.name() + (kind.part() ? " part" : "") + " does not bind: "
                        + e.getMessage());
            }
        }
        assertThat(problems).isEmpty();
        assertThat(bound).as("blocks bound by a TenantStore reader").isGreaterThanOrEqualTo(10);
    }

    @Test
    void everyJsonBlockParsesAndEveryXmlBlockNamesOurArtifactsAtTheBuiltVersion() throws Exception {
        for (DocBlocks b : DocBlocks.of("json")) {
            assertThat(new Load(LoadSettings.builder().build()).loadFromString(b.body())).as(b.where())
                    .isInstanceOf(java.util.Map.class);
        }
        Set<String> artifacts = new java.util.TreeSet<>();
        String projectVersion = null;
        try (var poms = Files.walk(Path.of(".."), 3)) {
            for (Path pom : poms.filter(p -> p.getFileName().toString().equals("pom.xml")
                    && !p.toString().contains("/target/")).toList()) {
                org.w3c.dom.Element project = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                        .parse(pom.toFile()).getDocumentElement();
                artifacts.add(child(project, "artifactId"));
                if (pom.normalize().equals(Path.of("..", "pom.xml").normalize())) {
                    projectVersion = child(project, "version");
                }
            }
        }
        List<DocBlocks> xml = DocBlocks.of("xml");
        assertThat(xml).isNotEmpty();
        for (DocBlocks b : xml) {
            org.w3c.dom.Document doc = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(new org.xml.sax.InputSource(new java.io.StringReader("<root>" + b.body() + "</root>")));
            org.w3c.dom.NodeList deps = doc.getElementsByTagName("dependency");
            for (int i = 0; i < deps.getLength(); i++) {
                org.w3c.dom.Element d = (org.w3c.dom.Element) deps.item(i);
                if ("io.tenantstore".equals(child(d, "groupId"))) {
                    assertThat(artifacts).as(b.where()).contains(child(d, "artifactId"));
                    String version = child(d, "version");
                    if (version != null) {
                        assertThat(version).as(b.where()).isEqualTo(projectVersion);
                    }
                }
            }
        }
    }

    private static String child(org.w3c.dom.Element e, String name) {
        for (org.w3c.dom.Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof org.w3c.dom.Element c && c.getTagName().equals(name)) {
                return c.getTextContent().strip();
            }
        }
        return null;
    }

    @Test
    void aMisspeltKeyOrAnUnmarkedBlockIsCaught() {
        assertThatThrownBy(() -> bind(new Kind("store.yaml", false), "fsRoot: data\npools: { maxPool: 3 }\n"))
                .isInstanceOf(StoreException.class).hasMessageContaining("maxPool");
        assertThatThrownBy(() -> bind(new Kind("tenant.yaml", true), "settings: { sesionLifetime: 8h }\n"))
                .isInstanceOf(StoreException.class).hasMessageContaining("sesionLifetime");
        assertThatThrownBy(() -> bind(new Kind("clients.yaml", false), "clients:\n  - { clientId: a, name: A, type: public, nmae: A }\n"))
                .isInstanceOf(StoreException.class).hasMessageContaining("nmae");
        assertThatThrownBy(() -> bind(new Kind("database-block", false), "driver: postgres\nurl: jdbc:x\nisolaton: schema\n"))
                .isInstanceOf(StoreException.class).hasMessageContaining("isolaton");
        DocBlocks unmarked = DocBlocks.in(Path.of("x.md"), List.of("```yaml", "a: 1", "```"), "yaml").get(0);
        assertThat(kind(unmarked)).isNull();
        DocBlocks marked = DocBlocks.in(Path.of("x.md"), List.of("<!-- check: yaml tenant.yaml part -->", "```yaml",
                "database: none", "```"), "yaml").get(0);
        assertThat(kind(marked)).isEqualTo(new Kind("tenant.yaml", true));
    }

    /**
     * @param name the kind
     * @param part whether the block is part of the file (the keys the file requires are added)
     */
    record Kind(String name, boolean part) {
    }

    static Kind kind(DocBlocks b) {
        if (b.marker().startsWith("yaml ")) {
            String[] words = b.marker().substring(5).strip().split("\\s+");
            return KINDS.contains(words[0]) ? new Kind(words[0], words.length > 1 && words[1].equals("part")) : null;
        }
        String first = b.body().lines().findFirst().orElse("").strip();
        for (String file : List.of("store.yaml", "tenant.yaml", "clients.yaml", "scopes.yaml", "branding.yaml",
                "admins.yaml", "keys.yaml")) {
            if (first.equals("# " + file)) {
                return new Kind(file, false);
            }
        }
        return null;
    }

    /** @return whether a TenantStore reader bound it (the Spring Boot kind is bound in the starter's tests) */
    private boolean bind(Kind kind, String yaml) throws IOException {
        switch (kind.name()) {
            case "store.yaml" -> readStore(kind.part() && !yaml.lines().anyMatch(l -> l.startsWith("fsRoot:"))
                    ? "fsRoot: data\n" + yaml : yaml);
            case "database-block" -> readStore("fsRoot: data\ndefaultTenantDb:\n" + indent(yaml));
            case "credentials" -> readStore("fsRoot: data\ndefaultTenantDb:\n  driver: postgres\n"
                    + "  url: jdbc:postgresql://db.internal:5432/app\n" + indent(yaml));
            case "tenant.yaml" -> readControlPlane("tenant.yaml", kind.part() ? TENANT_HEAD + yaml : yaml);
            case "clients.yaml", "scopes.yaml", "branding.yaml", "keys.yaml" -> readControlPlane(kind.name(), yaml);
            case "admins.yaml" -> readAdmins(yaml);
            case "spring-boot" -> {
                return false;
            }
            default -> throw new IllegalArgumentException(kind.name());
        }
        return true;
    }

    private void readStore(String yaml) throws IOException {
        Path file = dir.resolve("store-" + System.nanoTime() + ".yaml");
        Files.writeString(file, withRealEncryptedValues(yaml));
        StoreFile.read(file, ANY_SECRET);
    }

    /**
     * An {@code enc:} value in the docs is abbreviated (no real ciphertext is published): each is
     * replaced by a value encrypted for the same field with the test's keyset, so the block binds
     * exactly as a user's file would.
     */
    private String withRealEncryptedValues(String yaml) {
        List<String> lines = new ArrayList<>(yaml.lines().toList());
        List<String[]> path = new ArrayList<>(); // {indent, key}
        for (int i = 0; i < lines.size(); i++) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("^( *)([A-Za-z][A-Za-z0-9]*):(.*)$")
                    .matcher(lines.get(i));
            if (!m.matches()) {
                continue;
            }
            int indent = m.group(1).length();
            path.removeIf(p -> Integer.parseInt(p[0]) >= indent);
            path.add(new String[] {String.valueOf(indent), m.group(2)});
            java.util.regex.Matcher enc = java.util.regex.Pattern.compile("\"?enc:[^\"\\s]+\"?").matcher(m.group(3));
            if (enc.find()) {
                String field = String.join(".", path.stream().map(p -> p[1]).toList());
                java.io.InputStream before = System.in;
                System.setIn(new java.io.ByteArrayInputStream("docs-example\n".getBytes(
                        java.nio.charset.StandardCharsets.UTF_8)));
                CliRunner encrypted;
                try {
                    encrypted = CliRunner.run("secrets", "encrypt", "--tenant", "store", "--field", field,
                            "--keyset", "file:" + dir.resolve("keyset.json"));
                } finally {
                    System.setIn(before);
                }
                assertThat(encrypted.exit()).as(encrypted.err()).isZero();
                lines.set(i, m.group(1) + m.group(2) + ":" + enc.replaceFirst(
                        java.util.regex.Matcher.quoteReplacement("\"" + encrypted.out().strip() + "\"")));
            }
        }
        return String.join("\n", lines) + "\n";
    }

    /** Writes one file of tenant 'acme' (the others minimal) and reads the tenant through a store. */
    private void readControlPlane(String fileName, String yaml) throws IOException {
        Path root = dir.resolve("cp-" + System.nanoTime());
        Path tenant = root.resolve("tenants/acme");
        Files.createDirectories(tenant);
        Files.writeString(tenant.resolve("tenant.yaml"), TENANT_HEAD + "database: none\n");
        Files.writeString(tenant.resolve(fileName), yaml);
        try (DataAccessLayer store = TenantStore.builder().fsRoot(root).noBackgroundMaintenance().build()) {
            assertThat(store.config().tenants().getBySlug("acme")).isPresent();
            store.config().clients("acme").list();
            store.config().scopes("acme").list();
            store.config().branding().get("acme");
            store.config().signingKeys().list("acme");
        }
    }

    private void readAdmins(String yaml) throws IOException {
        Path root = dir.resolve("cp-" + System.nanoTime());
        Files.createDirectories(root.resolve("tenants"));
        Files.writeString(root.resolve("admins.yaml"), yaml);
        try (DataAccessLayer store = TenantStore.builder().fsRoot(root).noBackgroundMaintenance().build()) {
            store.config().admins().list();
        }
    }

    private static String indent(String yaml) {
        StringBuilder b = new StringBuilder();
        yaml.lines().forEach(l -> b.append("  ").append(l).append('\n'));
        return b.toString();
    }
}
