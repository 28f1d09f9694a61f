package io.tenantstore.fs.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.tenantstore.InvalidInputException;
import io.tenantstore.model.NewAdmin;
import io.tenantstore.model.NewTenant;
import io.tenantstore.spi.ControlPlaneStore.Document;
import io.tenantstore.spi.ControlPlaneStore.TenantDocuments;
import io.tenantstore.testkit.conformance.FakeClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sync, export and import as an operator has them on a bad day: a damaged or clear-text document,
 * an empty or unmounted source, links and bad slugs, one tenant that cannot be written.
 */
class ControlPlaneCopyTest {
    @TempDir
    Path root;
    private final FakeClock clock = new FakeClock(Fixtures.T0);
    private final InMemoryControlPlaneStore db = new InMemoryControlPlaneStore();
    private final List<String> progress = new ArrayList<>();

    /** Tenants in the files and, through the mirror, in the database. */
    private MirroredControlPlane bothSides(String... slugs) {
        MirroredControlPlane cp = new MirroredControlPlane(Fixtures.writer(root, clock), db, root, true);
        for (String slug : slugs) {
            cp.tenants().create(NewTenant.of(slug, slug));
        }
        return cp;
    }

    private Path tenantFile(Path base, String slug) {
        return base.resolve("tenants").resolve(slug).resolve(TenantYaml.FILE);
    }

    private ControlPlaneCopy.Report toDatabase(Path from) {
        return ControlPlaneCopy.toDatabase(from, db, false, false, progress::add);
    }

    private ControlPlaneCopy.Report toFiles(Path to) {
        return ControlPlaneCopy.toFiles(db, to, false, false, progress::add);
    }

    @Test
    void exportKeepsTheDataOfATenantTheDatabaseNoLongerHolds() throws Exception {
        bothSides("acme", "globex").close();
        Path data = root.resolve("tenants/globex/data.db");
        Files.writeString(data, "rows of globex");
        db.delete("globex");

        ControlPlaneCopy.Report r = toFiles(root);

        assertThat(r.deleted()).containsExactly("globex");
        assertThat(root.resolve("tenants/globex")).doesNotExist();
        List<Path> kept;
        try (var entries = Files.list(root.resolve("tenants"))) {
            kept = entries.filter(p -> p.getFileName().toString().startsWith(".kept-globex-")).toList();
        }
        assertThat(kept).hasSize(1);
        assertThat(kept.get(0).resolve("data.db")).hasContent("rows of globex");
        assertThat(kept.get(0).resolve(TenantYaml.FILE)).doesNotExist();
    }

    @Test
    void anEmptyOrMissingSourceNeverEmptiesTheOtherSide() throws Exception {
        bothSides("acme", "globex").close();
        Path empty = root.resolve("empty");
        Files.createDirectories(empty.resolve("tenants"));
        assertThatThrownBy(() -> toDatabase(empty)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("holds no tenant while").hasMessageContaining("holds 2")
                .hasMessageContaining("--allow-empty-source");
        assertThatThrownBy(() -> toDatabase(root.resolve("unmounted"))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("holds no tenants/ directory");
        assertThat(db.slugs()).containsExactly("acme", "globex");

        InMemoryControlPlaneStore none = new InMemoryControlPlaneStore();
        assertThatThrownBy(() -> ControlPlaneCopy.toFiles(none, root, false, false, progress::add))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("holds no tenant while");
        assertThat(tenantFile(root, "acme")).exists();

        // asked for in so many words, it goes ahead
        assertThat(ControlPlaneCopy.toDatabase(empty, db, false, true, progress::add).deleted())
                .containsExactly("acme", "globex");
        assertThat(db.slugs()).isEmpty();
    }

    @Test
    void aDocumentTheReadersRefuseIsSkippedNamedAndNotCopied() throws Exception {
        bothSides("acme", "globex", "initech").close();
        String acmeInDb = db.read("acme").orElseThrow().tenant().text();
        String valid = Files.readString(tenantFile(root, "acme"));
        Files.writeString(tenantFile(root, "acme"), valid.replace("version: 1", "version: 2")
                + "database:\n  driver: postgres\n  url: jdbc:postgresql://db/acme\n  password: ClearPass-1234\n");
        Files.writeString(root.resolve("tenants/globex").resolve(ClientsYaml.FILE), "clients: [\n");
        Files.writeString(root.resolve("tenants/initech").resolve(ScopesYaml.FILE), "scopes: []\n");

        ControlPlaneCopy.Report r = toDatabase(root);

        assertThat(r.skipped()).hasSize(2);
        assertThat(r.skipped().get(0)).startsWith("acme: tenants/acme/tenant.yaml:")
                .contains("must not be stored in clear").doesNotContain("ClearPass");
        assertThat(r.skipped().get(1)).startsWith("globex: tenants/globex/clients.yaml:");
        assertThat(db.read("acme").orElseThrow().tenant().text()).isEqualTo(acmeInDb);
        assertThat(db.read("globex").orElseThrow().clients().text()).doesNotContain("clients: [\n");
        assertThat(r.updated()).containsExactly("initech"); // the good one went on
        assertThat(progress).anyMatch(l -> l.contains("acme: skipped (")).noneMatch(l -> l.contains("ClearPass"));

        // the same holds the other way: a damaged document in the database is not written to the files
        db.replace("globex", io.tenantstore.spi.ControlPlaneStore.Kind.SCOPES,
                db.read("globex").orElseThrow().scopes().revision(), new Document(9, "scopes: {{\n"));
        String scopesBefore = Files.readString(root.resolve("tenants/globex").resolve(ScopesYaml.FILE));
        ControlPlaneCopy.Report back = toFiles(root);
        assertThat(back.skipped()).anyMatch(s -> s.startsWith("globex: globalDb:tenants/globex/scopes.yaml:"));
        assertThat(root.resolve("tenants/globex").resolve(ScopesYaml.FILE)).hasContent(scopesBefore);
    }

    @Test
    void linksAndBadSlugsAreNeverFollowedOrWritten() throws Exception {
        bothSides("acme", "globex").close();
        Path out = root.resolve("export");
        Path victim = root.resolve("victim");
        Files.createDirectories(victim);
        Files.writeString(victim.resolve(TenantYaml.FILE), "not yours\n");
        Files.createDirectories(out.resolve("tenants"));
        Files.createSymbolicLink(out.resolve("tenants/globex"), victim);
        TenantDocuments acme = db.read("acme").orElseThrow();
        db.create(new TenantDocuments("../../evil", "00000000-0000-0000-0000-0000000000e1", acme.tenant(),
                acme.clients(), acme.scopes()));

        ControlPlaneCopy.Report r = toFiles(out);

        assertThat(r.created()).containsExactly("acme");
        assertThat(r.skipped()).anyMatch(s -> s.equals("'../../evil': not a valid tenant slug; left out"))
                .anyMatch(s -> s.startsWith("globex: ") && s.contains("symbolic link"));
        assertThat(victim.resolve(TenantYaml.FILE)).hasContent("not yours\n");
        assertThat(root.resolve("evil")).doesNotExist();
        assertThat(out.resolve("evil")).doesNotExist();

        // reading: a linked document is not read through
        db.delete("../../evil");
        Path secret = root.resolve("secret.txt");
        Files.writeString(secret, "root-only-secret-content\n");
        Path scopes = root.resolve("tenants/acme").resolve(ScopesYaml.FILE);
        Files.delete(scopes);
        Files.createSymbolicLink(scopes, secret);
        ControlPlaneCopy.Report in = toDatabase(root);
        assertThat(in.skipped()).anyMatch(s -> s.startsWith("acme: ") && s.contains("symbolic link"));
        assertThat(db.read("acme").orElseThrow().scopes().text()).doesNotContain("root-only");
    }

    @Test
    void twoDirectoriesWithOneIdAreBothSkippedAndARenameIsReportedAsSuch() throws Exception {
        bothSides("acme", "zeta").close();
        Path acme = root.resolve("tenants/acme");
        copyTree(acme, root.resolve("tenants/acme-staging"));

        ControlPlaneCopy.Report r = toDatabase(root);
        assertThat(r.skipped()).hasSize(2).allMatch(s -> s.contains("each tenant needs an id of its own"));
        assertThat(db.slugs()).containsExactly("acme", "zeta");
        deleteTree(root.resolve("tenants/acme-staging"));

        // zeta renamed to alpha on disk: the same id under a new slug
        Files.move(root.resolve("tenants/zeta"), root.resolve("tenants/alpha"));
        ControlPlaneCopy.Report renamed = toDatabase(root);
        assertThat(renamed.deleted()).containsExactly("zeta");
        assertThat(renamed.created()).containsExactly("alpha");
        assertThat(db.slugs()).containsExactly("acme", "alpha");
    }

    @Test
    void oneTenantThatCannotBeWrittenDoesNotStopTheOthers() throws Exception {
        bothSides("acme", "globex", "initech").close();
        Path out = root.resolve("export");
        assertThat(toFiles(out).created()).containsExactly("acme", "globex", "initech");
        // globex's tenant.yaml cannot be replaced (a directory stands in its place)
        Files.delete(tenantFile(out, "globex"));
        Files.createDirectories(tenantFile(out, "globex").resolve("in-the-way"));
        Files.delete(tenantFile(out, "acme"));
        Files.delete(tenantFile(out, "initech"));

        ControlPlaneCopy.Report r = toFiles(out);

        assertThat(r.skipped()).singleElement().asString().startsWith("globex: ");
        assertThat(r.updated()).containsExactly("acme", "initech");
        assertThat(tenantFile(out, "initech")).exists();
    }

    @Test
    void administratorsOfARemovedTenantDoNotCarryOverAndAMissingAdminsFileChangesNothing() throws Exception {
        MirroredControlPlane cp = bothSides("acme", "globex");
        cp.admins().create(NewAdmin.withPassword("alice", null, Set.of("owner"), "h$alice"));
        cp.admins().create(NewAdmin.withPassword("bob", "globex", Set.of("admin"), "h$bob"));
        cp.close();
        Path tree = root.resolve("copy");
        copyTree(root.resolve("tenants"), tree.resolve("tenants"));
        Files.copy(root.resolve(AdminsYaml.FILE), tree.resolve(AdminsYaml.FILE));
        deleteTree(tree.resolve("tenants/globex"));

        ControlPlaneCopy.Report r = toDatabase(tree);

        assertThat(r.deleted()).containsExactly("globex");
        assertThat(AdminsYaml.parse(db.admins().text(), "db")).extracting(a -> a.admin().username())
                .containsExactly("alice");
        assertThat(progress).contains("admins.yaml: administrator bob of tenant globex left out: there is no such tenant");

        // a tree without admins.yaml leaves the database's administrators as they are
        Files.delete(tree.resolve(AdminsYaml.FILE));
        String before = db.admins().text();
        assertThat(toDatabase(tree).deleted()).doesNotContain(AdminsYaml.FILE);
        assertThat(db.admins().text()).isEqualTo(before);
    }

    @Test
    void onlyReadableTenantsCountAsASource() throws Exception {
        bothSides("acme", "globex").close();
        // files: one directory, without tenant.yaml (what a database-mode fsRoot holds: data.db only)
        Path tree = root.resolve("tree");
        Files.createDirectories(tree.resolve("tenants/tmp"));
        Files.writeString(tree.resolve("tenants/tmp/data.db"), "rows");
        assertThatThrownBy(() -> toDatabase(tree)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("holds no tenant while");
        assertThat(db.slugs()).containsExactly("acme", "globex");

        // database: one row, under a name that is not a slug
        InMemoryControlPlaneStore junk = new InMemoryControlPlaneStore();
        TenantDocuments acme = db.read("acme").orElseThrow();
        junk.create(new TenantDocuments("..", "00000000-0000-0000-0000-0000000000e2", acme.tenant(), acme.clients(),
                acme.scopes()));
        assertThatThrownBy(() -> ControlPlaneCopy.toFiles(junk, root, false, false, progress::add))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("holds no tenant while");
        assertThat(tenantFile(root, "acme")).exists();
    }

    @Test
    void aTenantDirectoryThatIsALinkIsSkippedNotRemovedAndATenantsLinkIsRefused() throws Exception {
        bothSides("acme", "globex").close();
        Path real = root.resolve("elsewhere/globex");
        Files.createDirectories(real.getParent());
        Files.move(root.resolve("tenants/globex"), real);
        Files.createSymbolicLink(root.resolve("tenants/globex"), real);

        ControlPlaneCopy.Report r = toDatabase(root);

        assertThat(r.deleted()).isEmpty();
        assertThat(r.skipped()).singleElement().asString().startsWith("globex: ").contains("symbolic link");
        assertThat(db.slugs()).containsExactly("acme", "globex");

        Path out = root.resolve("export");
        Files.createDirectories(out);
        Files.createSymbolicLink(out.resolve("tenants"), root.resolve("tenants"));
        assertThatThrownBy(() -> toFiles(out)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("tenants/ is a symbolic link");
    }

    @Test
    void exportChecksTheIdInTheTenantDocumentAgainstTheRow() throws Exception {
        bothSides("acme").close();
        TenantDocuments acme = db.read("acme").orElseThrow();
        db.create(new TenantDocuments("delta", "00000000-0000-0000-0000-0000000000d1", acme.tenant(), acme.clients(),
                acme.scopes()));
        Path out = root.resolve("export");

        ControlPlaneCopy.Report r = toFiles(out);

        assertThat(r.created()).containsExactly("acme");
        assertThat(r.skipped()).singleElement().asString().startsWith("delta: globalDb:tenants/delta/tenant.yaml")
                .contains("is not the tenant's id");
        assertThat(out.resolve("tenants/delta")).doesNotExist();
    }

    @Test
    void administratorsOfATenantThatCouldNotBeReadAreKeptAndADatabaseWithoutAnyLeavesTheFileAlone() throws Exception {
        MirroredControlPlane cp = bothSides("acme", "globex");
        cp.admins().create(NewAdmin.withPassword("bob", "globex", Set.of("admin"), "h$bob"));
        cp.close();
        InMemoryControlPlaneStore fresh = new InMemoryControlPlaneStore();
        Files.writeString(root.resolve("tenants/globex").resolve(ScopesYaml.FILE), "scopes: {{\n");

        ControlPlaneCopy.Report r = ControlPlaneCopy.toDatabase(root, fresh, false, false, progress::add);

        assertThat(r.created()).containsExactly("acme", AdminsYaml.FILE);
        assertThat(r.skipped()).singleElement().asString().startsWith("globex: ");
        // globex is in the files, only damaged: its administrator is not dropped from the copy
        assertThat(AdminsYaml.parse(fresh.admins().text(), "db")).extracting(a -> a.admin().username())
                .containsExactly("bob");

        // a database that never held administrators leaves admins.yaml as it is
        String before = Files.readString(root.resolve(AdminsYaml.FILE));
        InMemoryControlPlaneStore none = new InMemoryControlPlaneStore();
        none.create(db.read("acme").orElseThrow());
        ControlPlaneCopy.toFiles(none, root, false, false, progress::add);
        assertThat(root.resolve(AdminsYaml.FILE)).hasContent(before);
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (var walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws Exception {
        AtomicFiles.deleteTree(dir);
    }
}
