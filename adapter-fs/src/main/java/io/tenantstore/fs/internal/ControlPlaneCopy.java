package io.tenantstore.fs.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Consumer;

import io.tenantstore.ErrorCode;
import io.tenantstore.StoreException;
import io.tenantstore.core.yaml.YamlLoader;
import io.tenantstore.core.yaml.YamlMap;
import io.tenantstore.spi.ControlPlaneStore;
import io.tenantstore.spi.ControlPlaneStore.Document;
import io.tenantstore.spi.ControlPlaneStore.TenantDocuments;
import org.jspecify.annotations.Nullable;

/**
 * Copies control-plane documents between the files under a root and a {@link ControlPlaneStore},
 * text for text: secrets stay {@code enc:} values (or {@code ${ENV}} references) and client
 * secrets stay hashes, so nothing is ever decrypted on the way. Used by the mirror, by sync,
 * export and import. A tenant whose tenant.yaml cannot be read is reported and left alone on both
 * sides (never deleted). Thread-safe (stateless; writes to the files take the files' write lock).
 */
public final class ControlPlaneCopy {
    private ControlPlaneCopy() {
    }

    /**
     * What a copy did (or, in a dry run, would do). Besides tenants' slugs the lists may name
     * {@value AdminsYaml#FILE}, the administrators.
     *
     * @param created   tenants created on the target
     * @param updated   tenants whose documents were replaced on the target
     * @param deleted   tenants removed from the target (absent from the source)
     * @param unchanged tenants already equal on both sides
     * @param skipped   "slug: why" for tenants left alone because the source could not be read
     */
    public record Report(List<String> created, List<String> updated, List<String> deleted, int unchanged,
                         List<String> skipped) {
        /** Copies the lists. */
        public Report {
            created = List.copyOf(created);
            updated = List.copyOf(updated);
            deleted = List.copyOf(deleted);
            skipped = List.copyOf(skipped);
        }

        /** @return whether both sides were already equal (nothing created, updated or deleted) */
        public boolean inSync() {
            return created.isEmpty() && updated.isEmpty() && deleted.isEmpty();
        }
    }

    /**
     * Makes the database equal to the files: creates and replaces what differs, removes tenants
     * that have no directory under {@code root}.
     *
     * @param root     the control-plane root (holding {@code tenants/})
     * @param store    the database
     * @param dryRun   report only, write nothing
     * @param progress told of each tenant as it is looked at ("3/120 acme: updated")
     * @return what was done
     */
    public static Report toDatabase(Path root, ControlPlaneStore store, boolean dryRun, Consumer<String> progress) {
        Path tenantsDir = root.resolve(FsControlPlane.TENANTS);
        TreeSet<String> all = new TreeSet<>(fileSlugs(tenantsDir));
        TreeSet<String> inDb = new TreeSet<>(store.slugs());
        all.addAll(inDb);
        List<String> created = new ArrayList<>();
        List<String> updated = new ArrayList<>();
        List<String> deleted = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        int unchanged = 0;
        int n = 0;
        for (String slug : all) {
            n++;
            String outcome;
            Optional<TenantDocuments> current = inDb.contains(slug) ? store.read(slug) : Optional.empty();
            if (!Files.isDirectory(tenantsDir.resolve(slug), LinkOption.NOFOLLOW_LINKS)) {
                if (current.isPresent()) {
                    if (!dryRun) {
                        store.delete(slug);
                    }
                    deleted.add(slug);
                    outcome = "deleted";
                } else {
                    outcome = "absent";
                }
            } else {
                Optional<TenantDocuments> files;
                try {
                    files = fromFiles(tenantsDir, slug, current.orElse(null));
                } catch (StoreException e) {
                    skipped.add(slug + ": " + e.getMessage());
                    progress.accept(n + "/" + all.size() + " " + slug + ": skipped (" + e.getMessage() + ")");
                    continue;
                }
                if (files.isEmpty()) {
                    outcome = "no tenant.yaml, left alone";
                } else if (current.isPresent() && sameText(current.get(), files.get())) {
                    unchanged++;
                    outcome = "unchanged";
                } else {
                    if (!dryRun) {
                        store.put(files.get());
                    }
                    (current.isPresent() ? updated : created).add(slug);
                    outcome = current.isPresent() ? "updated" : "created";
                }
            }
            progress.accept(n + "/" + all.size() + " " + slug + ": " + outcome + (dryRun ? " (dry run)" : ""));
        }
        String adminsOutcome = adminsToDatabase(root, store, dryRun, created, updated, deleted);
        if (adminsOutcome.equals("unchanged")) {
            unchanged++;
        }
        if (!adminsOutcome.equals("absent")) {
            progress.accept(AdminsYaml.FILE + ": " + adminsOutcome + (dryRun ? " (dry run)" : ""));
        }
        return new Report(created, updated, deleted, unchanged, skipped);
    }

    /** Makes the database's administrators equal to admins.yaml; @return the outcome, as in the progress lines */
    private static String adminsToDatabase(Path root, ControlPlaneStore store, boolean dryRun, List<String> created,
                                           List<String> updated, List<String> deleted) {
        String file = AdminFiles.text(root);
        Document db = store.admins();
        String wanted = file == null ? "" : file;
        if (wanted.equals(db.text())) {
            return file == null ? "absent" : "unchanged";
        }
        if (!dryRun) {
            store.putAdmins(new Document(db.revision() + 1, wanted));
        }
        String outcome = file == null ? "deleted" : db.text().isBlank() ? "created" : "updated";
        (file == null ? deleted : db.text().isBlank() ? created : updated).add(AdminsYaml.FILE);
        return outcome;
    }

    /**
     * Makes admins.yaml equal to the database's administrators (the caller holds the write lock).
     *
     * @return the outcome, as in the progress lines
     */
    private static String adminsToFiles(ControlPlaneStore store, Path root, boolean dryRun, List<String> created,
                                        List<String> updated, List<String> deleted) throws IOException {
        String file = AdminFiles.text(root);
        String db = store.admins().text();
        if (db.isBlank()) {
            if (file == null) {
                return "absent";
            }
            if (!dryRun) {
                Files.deleteIfExists(root.resolve(AdminsYaml.FILE));
            }
            deleted.add(AdminsYaml.FILE);
            return "deleted";
        }
        if (db.equals(file)) {
            return "unchanged";
        }
        if (!dryRun) {
            AtomicFiles.write(root.resolve(AdminsYaml.FILE), db, FsHooks.NONE, "rw-------");
        }
        (file == null ? created : updated).add(AdminsYaml.FILE);
        return file == null ? "created" : "updated";
    }

    /**
     * Copies admins.yaml to the database when they differ (the mirror's write after an
     * administrator changed).
     *
     * @param root  the control-plane root
     * @param store the database
     * @return whether the database was changed
     */
    static boolean mirrorAdmins(Path root, ControlPlaneStore store) {
        String outcome = adminsToDatabase(root, store, false, new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        return !outcome.equals("unchanged") && !outcome.equals("absent");
    }

    /**
     * Makes the files under {@code root} equal to the database: writes each tenant's documents
     * atomically (tenant.yaml last), removes tenant directories the database does not hold.
     *
     * @param store    the database
     * @param root     the control-plane root; created when missing
     * @param dryRun   report only, write nothing
     * @param progress told of each tenant as it is looked at
     * @return what was done
     */
    public static Report toFiles(ControlPlaneStore store, Path root, boolean dryRun, Consumer<String> progress) {
        Path tenantsDir = root.resolve(FsControlPlane.TENANTS);
        TreeSet<String> inDb = new TreeSet<>(store.slugs());
        TreeSet<String> all = new TreeSet<>(inDb);
        all.addAll(fileSlugs(tenantsDir));
        List<String> created = new ArrayList<>();
        List<String> updated = new ArrayList<>();
        List<String> deleted = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        int[] unchanged = {0};
        try {
            if (!dryRun) {
                Files.createDirectories(tenantsDir);
            }
            Action work = () -> {
                int n = 0;
                for (String slug : all) {
                    n++;
                    String outcome;
                    Path dir = tenantsDir.resolve(slug);
                    Optional<TenantDocuments> db = inDb.contains(slug) ? store.read(slug) : Optional.empty();
                    boolean onDisk = Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS);
                    if (db.isEmpty()) {
                        if (onDisk) {
                            if (!dryRun) {
                                Path aside = tenantsDir.resolve(".deleted-" + slug + "-" + AtomicFiles.randomHex());
                                Files.move(dir, aside, StandardCopyOption.ATOMIC_MOVE);
                                AtomicFiles.deleteTree(aside);
                            }
                            deleted.add(slug);
                            outcome = "deleted";
                        } else {
                            outcome = "absent";
                        }
                    } else {
                        Optional<TenantDocuments> files = Optional.empty();
                        if (onDisk) {
                            try {
                                files = fromFiles(tenantsDir, slug, db.get());
                            } catch (StoreException e) {
                                files = Optional.empty(); // a broken file is replaced by the database's copy
                            }
                        }
                        if (files.isPresent() && sameText(db.get(), files.get())) {
                            unchanged[0]++;
                            outcome = "unchanged";
                        } else {
                            if (!dryRun) {
                                writeFiles(dir, db.get());
                            }
                            (onDisk ? updated : created).add(slug);
                            outcome = onDisk ? "updated" : "created";
                        }
                    }
                    progress.accept(n + "/" + all.size() + " " + slug + ": " + outcome + (dryRun ? " (dry run)" : ""));
                }
                String adminsOutcome = adminsToFiles(store, root, dryRun, created, updated, deleted);
                if (adminsOutcome.equals("unchanged")) {
                    unchanged[0]++;
                }
                if (!adminsOutcome.equals("absent")) {
                    progress.accept(AdminsYaml.FILE + ": " + adminsOutcome + (dryRun ? " (dry run)" : ""));
                }
                return null;
            };
            if (dryRun || !Files.isDirectory(root)) {
                work.run();
            } else {
                new WriteLock(root, FsHooks.NONE).run(work::run);
            }
        } catch (IOException e) {
            throw new StoreException(ErrorCode.INTERNAL, "control plane: cannot write the files under " + root + ": "
                    + e, e);
        }
        return new Report(created, updated, deleted, unchanged[0], skipped);
    }

    @FunctionalInterface
    private interface Action {
        Void run() throws IOException;
    }

    private static void writeFiles(Path dir, TenantDocuments docs) throws IOException {
        Files.createDirectories(dir);
        AtomicFiles.write(dir.resolve(ClientsYaml.FILE), docs.clients().text(), FsHooks.NONE);
        AtomicFiles.write(dir.resolve(ScopesYaml.FILE), docs.scopes().text(), FsHooks.NONE);
        if (docs.branding().text().isBlank()) {
            Files.deleteIfExists(dir.resolve(BrandingFiles.FILE));
        } else {
            AtomicFiles.write(dir.resolve(BrandingFiles.FILE), docs.branding().text(), FsHooks.NONE);
        }
        if (docs.signingKeys().text().isBlank()) {
            Files.deleteIfExists(dir.resolve(KeysYaml.FILE));
        } else {
            AtomicFiles.write(dir.resolve(KeysYaml.FILE), docs.signingKeys().text(), FsHooks.NONE, "rw-------");
        }
        AtomicFiles.write(dir.resolve(TenantYaml.FILE), docs.tenant().text(), FsHooks.NONE);
    }

    /**
     * Reads one tenant's files as documents.
     *
     * @param tenantsDir the {@code tenants/} directory
     * @param slug       the tenant
     * @param current    what the database holds, whose revisions are raised where the text differs
     * @return the documents, or empty when there is no tenant.yaml
     * @throws StoreException when tenant.yaml cannot be read or has no valid id and version
     */
    static Optional<TenantDocuments> fromFiles(Path tenantsDir, String slug, @Nullable TenantDocuments current) {
        Path dir = tenantsDir.resolve(slug);
        String tenant = readOrNull(dir.resolve(TenantYaml.FILE), slug);
        if (tenant == null) {
            return Optional.empty();
        }
        String source = FsControlPlane.source(slug, TenantYaml.FILE);
        YamlMap m = YamlLoader.DEFAULT.parseMapping(tenant, source);
        String id = TenantYaml.id(m);
        long version = m.longValue("version").orElseThrow(() -> m.error("missing required key 'version'"));
        String clients = orEmpty(readOrNull(dir.resolve(ClientsYaml.FILE), slug), ClientsYaml.write(List.of()));
        String scopes = orEmpty(readOrNull(dir.resolve(ScopesYaml.FILE), slug), "");
        String branding = orEmpty(readOrNull(dir.resolve(BrandingFiles.FILE), slug), "");
        String keys = orEmpty(readOrNull(dir.resolve(KeysYaml.FILE), slug), "");
        return Optional.of(new TenantDocuments(slug, id, new Document(version, tenant),
                next(current == null ? null : current.clients(), clients),
                next(current == null ? null : current.scopes(), scopes),
                next(current == null ? null : current.branding(), branding),
                next(current == null ? null : current.signingKeys(), keys)));
    }

    private static String orEmpty(@Nullable String text, String fallback) {
        return text == null ? fallback : text;
    }

    private static Document next(@Nullable Document current, String text) {
        if (current == null) {
            return new Document(1, text);
        }
        return current.text().equals(text) ? current : new Document(current.revision() + 1, text);
    }

    private static boolean sameText(TenantDocuments a, TenantDocuments b) {
        return a.id().equals(b.id()) && a.tenant().equals(b.tenant()) && a.clients().text().equals(b.clients().text())
                && a.scopes().text().equals(b.scopes().text()) && a.branding().text().equals(b.branding().text())
                && a.signingKeys().text().equals(b.signingKeys().text());
    }

    private static @Nullable String readOrNull(Path file, String slug) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new StoreException(ErrorCode.INTERNAL, "control plane: cannot read " + file + " of tenant " + slug
                    + ": " + e, e);
        }
    }

    /** @return the slugs of the tenant directories under {@code tenantsDir}, sorted; none when it is missing */
    static List<String> fileSlugs(Path tenantsDir) {
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(tenantsDir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (Slugs.isSlug(name) && Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                    out.add(name);
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new StoreException(ErrorCode.INTERNAL, "control plane: cannot list " + tenantsDir + ": " + e, e);
        }
        out.sort(null);
        return out;
    }

    /**
     * Copies one tenant from the files to the database when they differ (the mirror's write).
     *
     * @param root  the control-plane root
     * @param store the database
     * @param slug  the tenant
     * @return whether the database was changed
     */
    public static boolean mirror(Path root, ControlPlaneStore store, String slug) {
        Path tenantsDir = root.resolve(FsControlPlane.TENANTS);
        Optional<TenantDocuments> current = store.read(slug);
        if (!Files.isDirectory(tenantsDir.resolve(slug), LinkOption.NOFOLLOW_LINKS)) {
            return current.isPresent() && store.delete(slug);
        }
        Optional<TenantDocuments> files = fromFiles(tenantsDir, slug, current.orElse(null));
        if (files.isEmpty() || current.isPresent() && sameText(current.get(), files.get())) {
            return false;
        }
        store.put(files.get());
        return true;
    }
}
