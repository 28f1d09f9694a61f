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
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

import io.tenantstore.ErrorCode;
import io.tenantstore.InvalidInputException;
import io.tenantstore.Secret;
import io.tenantstore.StoreException;
import io.tenantstore.UnavailableException;
import io.tenantstore.core.secret.Keyring;
import io.tenantstore.core.yaml.EnvSecretResolver;
import io.tenantstore.core.yaml.SecretResolver;
import io.tenantstore.core.yaml.SecretSite;
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
     * that have no directory under {@code root}. Every document is checked first as the readers
     * check it (without decrypting anything): a tenant with a damaged or clear-text document, a
     * symbolic link, or an id another directory also holds is skipped and reported, and left as it
     * is in the database. One tenant's failed write is reported and the others go on.
     *
     * @param root             the control-plane root (holding {@code tenants/})
     * @param store            the database
     * @param dryRun           report only, write nothing
     * @param allowEmptySource whether files holding no readable tenant may empty a database that holds some
     * @param progress         told of each tenant as it is looked at ("3/120 acme: updated")
     * @return what was done
     * @throws InvalidInputException when {@code root} holds no {@code tenants/} directory, or holds
     *         no readable tenant while the database holds some and {@code allowEmptySource} is false
     */
    public static Report toDatabase(Path root, ControlPlaneStore store, boolean dryRun, boolean allowEmptySource,
                                    Consumer<String> progress) {
        return toDatabase(root, store, dryRun, allowEmptySource, false, progress);
    }

    /**
     * @param ownRoot whether {@code root} is the store's own control plane (the mirror's check): its
     *                links are followed as the store follows them, and a tenant the files do not have
     *                is not removed from the database but reported as skipped (the files may be what
     *                was lost)
     * @see #toDatabase(Path, ControlPlaneStore, boolean, boolean, Consumer)
     */
    static Report toDatabase(Path root, ControlPlaneStore store, boolean dryRun, boolean allowEmptySource,
                             boolean ownRoot, Consumer<String> progress) {
        LinkOption[] links = ownRoot ? new LinkOption[0] : new LinkOption[] {LinkOption.NOFOLLOW_LINKS};
        Path tenantsDir = root.resolve(FsControlPlane.TENANTS);
        if (!Files.isDirectory(tenantsDir, links)) {
            throw new InvalidInputException(root + (Files.isSymbolicLink(tenantsDir)
                    ? ": tenants/ is a symbolic link; the control plane copies its own directory only"
                    : " holds no tenants/ directory: not a control-plane root (an unmounted volume looks like this)")
                    + "; nothing was changed");
        }
        List<String> onDisk = fileSlugs(tenantsDir);
        TreeSet<String> inDb = new TreeSet<>(store.slugs());
        List<String> created = new ArrayList<>();
        List<String> updated = new ArrayList<>();
        List<String> deleted = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        int unchanged = 0;
        TreeSet<String> all = new TreeSet<>(inDb);
        all.addAll(onDisk);
        Counter n = new Counter(all.size(), progress, dryRun);
        // read and check every tenant of the files first
        Map<String, TenantDocuments> ready = new TreeMap<>();
        for (String slug : onDisk) {
            try {
                Path dir = tenantsDir.resolve(slug);
                if (!Files.isDirectory(dir, links)) {
                    throw notADirectory(dir);
                }
                Optional<TenantDocuments> docs = fromFiles(tenantsDir, slug, ownRoot);
                if (docs.isEmpty()) {
                    n.tell(slug, "no tenant.yaml, left alone");
                    continue;
                }
                check(docs.get(), file -> FsControlPlane.source(slug, file));
                ready.put(slug, docs.get());
            } catch (StoreException e) {
                n.skip(skipped, slug, e);
            }
        }
        for (Map.Entry<String, List<String>> same : sameIds(ready).entrySet()) {
            for (String slug : same.getValue()) {
                ready.remove(slug);
                n.skip(skipped, slug, new InvalidInputException("tenant id " + same.getKey() + " is in the tenant.yaml"
                        + " of " + String.join(", ", same.getValue()) + ": each tenant needs an id of its own"));
            }
        }
        // only readable tenants count: directories without tenant.yaml, damaged ones or links are no source
        refuseEmptySource(ready.isEmpty(), inDb.size(), allowEmptySource, "the files under " + root,
                store.describe());
        // removals first, so a tenant renamed on disk (same id, new slug) is reported as removed and created
        for (String slug : inDb) {
            if (onDisk.contains(slug)) {
                continue;
            }
            if (ownRoot) {
                n.skip(skipped, slug, new InvalidInputException("in " + store.describe() + " only; left there (run"
                        + " 'tenantstore control-plane sync' to remove it from the copy)"));
                continue;
            }
            try {
                if (!dryRun) {
                    store.delete(slug);
                }
                deleted.add(slug);
                n.tell(slug, "deleted");
            } catch (UnavailableException e) {
                throw e;
            } catch (StoreException e) {
                n.skip(skipped, slug, e);
            }
        }
        for (Map.Entry<String, TenantDocuments> e : ready.entrySet()) {
            String slug = e.getKey();
            try {
                Optional<TenantDocuments> current = inDb.contains(slug) ? store.read(slug) : Optional.empty();
                TenantDocuments files = rebase(e.getValue(), current.orElse(null));
                if (current.isPresent() && sameText(current.get(), files)) {
                    unchanged++;
                    n.tell(slug, "unchanged");
                    continue;
                }
                if (!dryRun) {
                    store.put(files);
                }
                (current.isPresent() ? updated : created).add(slug);
                n.tell(slug, current.isPresent() ? "updated" : "created");
            } catch (UnavailableException ex) {
                throw ex;
            } catch (StoreException ex) {
                n.skip(skipped, slug, ex);
            }
        }
        // administrators keep a tenant the target holds, or one the source holds but could not be read
        TreeSet<String> after = new TreeSet<>(inDb);
        after.removeAll(deleted);
        after.addAll(onDisk);
        String adminsOutcome = adminsToDatabase(root, store, dryRun, ownRoot, after, created, updated, deleted,
                skipped, progress);
        if (adminsOutcome.equals("unchanged")) {
            unchanged++;
        }
        if (!adminsOutcome.equals("absent")) {
            progress.accept(AdminsYaml.FILE + ": " + adminsOutcome + (dryRun ? " (dry run)" : ""));
        }
        return new Report(created, updated, deleted, unchanged, skipped);
    }

    /** @return the refusal of a tenant path that is a symbolic link (where links are not followed) or a file */
    private static InvalidInputException notADirectory(Path dir) {
        return new InvalidInputException(dir + " is a symbolic link or not a directory; left alone");
    }

    /** Numbers the progress lines of one run. */
    private static final class Counter {
        private final int total;
        private final Consumer<String> progress;
        private final boolean dryRun;
        private int n;

        Counter(int total, Consumer<String> progress, boolean dryRun) {
            this.total = total;
            this.progress = progress;
            this.dryRun = dryRun;
        }

        void tell(String slug, String outcome) {
            progress.accept(++n + "/" + total + " " + shown(slug) + ": " + outcome + (dryRun ? " (dry run)" : ""));
        }

        void skip(List<String> skipped, String slug, StoreException e) {
            skipped.add(shown(slug) + ": " + e.getMessage());
            progress.accept(++n + "/" + total + " " + shown(slug) + ": skipped (" + e.getMessage() + ")");
        }
    }

    /** @return a slug as printed: a name that is not a slug (from a database) quoted, its control characters escaped */
    private static String shown(String slug) {
        return Slugs.isSlug(slug) ? slug : io.tenantstore.spi.Text.quote(slug);
    }

    /**
     * Refuses to empty a target from a source holding no tenant at all: an unmounted volume, a
     * wrong directory or a new database looks like that, and every tenant of the target would go.
     */
    private static void refuseEmptySource(boolean sourceEmpty, int targetTenants, boolean allowed, String source,
                                          String target) {
        if (sourceEmpty && targetTenants > 0 && !allowed) {
            throw new InvalidInputException(source + " holds no tenant while " + target + " holds " + targetTenants
                    + ": refusing to remove them all (an unmounted volume, a wrong directory or an empty database"
                    + " looks like this); nothing was changed. To empty it on purpose, run again with"
                    + " --allow-empty-source");
        }
    }

    /** @return the ids held by more than one tenant, with their slugs */
    private static Map<String, List<String>> sameIds(Map<String, TenantDocuments> tenants) {
        Map<String, List<String>> byId = new TreeMap<>();
        tenants.forEach((slug, d) -> byId.computeIfAbsent(d.id(), k -> new ArrayList<>()).add(slug));
        byId.values().removeIf(slugs -> slugs.size() < 2);
        return byId;
    }

    /**
     * Checks every document of a tenant as the readers check it, without resolving or decrypting a
     * secret: a clear-text password, a damaged document or an unknown key is refused here as it
     * would be when the tenant is read.
     *
     * @param docs     the documents
     * @param sourceOf how messages name each file of the tenant
     * @throws InvalidInputException naming the document, line and key
     */
    static void check(TenantDocuments docs, java.util.function.UnaryOperator<String> sourceOf) {
        if (!Slugs.isSlug(docs.slug())) {
            throw new InvalidInputException("not a valid tenant slug; left out");
        }
        YamlMap tenant = YamlLoader.DEFAULT.parseMapping(docs.tenant().text(), sourceOf.apply(TenantYaml.FILE));
        String id = TenantYaml.read(tenant, docs.slug(), FORM_ONLY).id();
        if (!id.equals(docs.id())) {
            throw new InvalidInputException(sourceOf.apply(TenantYaml.FILE) + ": id " + id + " is not the tenant's id"
                    + " as stored beside it (" + docs.id() + ")");
        }
        DbControlPlane.parse(docs.clients().text(), sourceOf.apply(ClientsYaml.FILE)).map(ClientsYaml::read);
        DbControlPlane.parse(docs.scopes().text(), sourceOf.apply(ScopesYaml.FILE)).map(ScopesYaml::read);
        BrandingFiles.parse(docs.branding().text(), sourceOf.apply(BrandingFiles.FILE));
        KeysYaml.parse(docs.signingKeys().text(), sourceOf.apply(KeysYaml.FILE));
    }

    /**
     * Accepts a secret in a form the readers accept ({@code ${ENV}} reference, {@code enc:} value)
     * without resolving it, and refuses it in clear as they do.
     */
    private static final SecretResolver FORM_ONLY = new SecretResolver() {
        @Override
        public Secret resolve(String text, SecretSite site) {
            if (EnvSecretResolver.isReference(text) || Keyring.isEncrypted(text)) {
                return Secret.referenced(text, text);
            }
            return new EnvSecretResolver(name -> null).resolve(text, site); // refuses it, never quoting it
        }

        @Override
        public String reference(Secret secret, SecretSite site) {
            throw new IllegalStateException("a copy never writes a secret");
        }
    };

    /** @return {@code files} with the revisions of its documents raised past {@code current}'s where the text differs */
    private static TenantDocuments rebase(TenantDocuments files, @Nullable TenantDocuments current) {
        if (current == null) {
            return files;
        }
        return new TenantDocuments(files.slug(), files.id(), files.tenant(),
                next(current.clients(), files.clients().text()), next(current.scopes(), files.scopes().text()),
                next(current.branding(), files.branding().text()),
                next(current.signingKeys(), files.signingKeys().text()));
    }

    /**
     * Makes the database's administrators equal to admins.yaml, leaving out those of a tenant the
     * database will not hold (reported); an admins.yaml missing from the files leaves the
     * database's administrators as they are, and a damaged one is skipped.
     *
     * @return the outcome, as in the progress lines
     */
    private static String adminsToDatabase(Path root, ControlPlaneStore store, boolean dryRun, boolean followLinks,
                                           java.util.Set<String> tenants, List<String> created, List<String> updated,
                                           List<String> deleted, List<String> skipped, Consumer<String> progress) {
        String file;
        String wanted;
        try {
            file = readOrNull(root.resolve(AdminsYaml.FILE), followLinks);
            if (file == null) {
                return "absent";
            }
            wanted = withoutStrays(file, root.resolve(AdminsYaml.FILE).toString(), tenants, progress);
        } catch (StoreException e) {
            skipped.add(AdminsYaml.FILE + ": " + e.getMessage());
            return "skipped (" + e.getMessage() + ")";
        }
        Document db = store.admins();
        if (wanted.equals(db.text())) {
            return "unchanged";
        }
        if (!dryRun) {
            store.putAdmins(new Document(db.revision() + 1, wanted));
        }
        (db.text().isBlank() ? created : updated).add(AdminsYaml.FILE);
        return db.text().isBlank() ? "created" : "updated";
    }

    /**
     * @return {@code text} when each of its administrators is global or of one of {@code tenants};
     *         else the list without the others, each reported
     * @throws InvalidInputException when the document is damaged
     */
    private static String withoutStrays(String text, String source, java.util.Set<String> tenants,
                                        Consumer<String> progress) {
        List<AdminsYaml.Stored> all = AdminsYaml.parse(text, source);
        List<AdminsYaml.Stored> kept = new ArrayList<>();
        for (AdminsYaml.Stored a : all) {
            String tenant = a.admin().tenant();
            if (tenant == null || tenants.contains(tenant)) {
                kept.add(a);
            } else {
                progress.accept(AdminsYaml.FILE + ": administrator " + a.admin().username() + " of tenant " + tenant
                        + " left out: there is no such tenant");
            }
        }
        return kept.size() == all.size() ? text : AdminsYaml.render(kept);
    }

    /**
     * Makes admins.yaml equal to the database's administrators, leaving out those of a tenant the
     * files will not hold (the caller holds the write lock); a damaged document is skipped.
     *
     * @return the outcome, as in the progress lines
     */
    private static String adminsToFiles(ControlPlaneStore store, Path root, boolean dryRun, java.util.Set<String> tenants,
                                        List<String> created, List<String> updated, List<String> deleted,
                                        List<String> skipped, Consumer<String> progress) throws IOException {
        Path target = root.resolve(AdminsYaml.FILE);
        String db = store.admins().text();
        String wanted;
        try {
            wanted = db.isBlank() ? db : withoutStrays(db, "globalDb:" + AdminsYaml.FILE, tenants, progress);
        } catch (StoreException e) {
            skipped.add(AdminsYaml.FILE + ": " + e.getMessage());
            return "skipped (" + e.getMessage() + ")";
        }
        boolean exists = Files.exists(target, LinkOption.NOFOLLOW_LINKS);
        if (db.isBlank()) {
            // a database that never held administrators (one whose were all removed holds an empty list)
            return "absent";
        }
        String file = Files.isSymbolicLink(target) ? null : exists ? Files.readString(target, StandardCharsets.UTF_8) : null;
        if (wanted.equals(file)) {
            return "unchanged";
        }
        if (!dryRun) {
            AtomicFiles.write(target, wanted, FsHooks.NONE, "rw-------"); // replaces a link, never writes through it
        }
        (exists ? updated : created).add(AdminsYaml.FILE);
        return exists ? "updated" : "created";
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
        List<String> changed = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        adminsToDatabase(root, store, false, true, new TreeSet<>(store.slugs()), changed, changed, changed, skipped,
                line -> { });
        if (!skipped.isEmpty()) {
            throw new InvalidInputException(skipped.get(0));
        }
        return !changed.isEmpty();
    }

    /**
     * Makes the files under {@code root} equal to the database: writes each tenant's documents
     * atomically (tenant.yaml last); a tenant directory the database does not hold is taken away
     * from its slug as {@code tenants delete} does, keeping what is not the control plane's (a
     * tenant's SQLite file). Every document is checked first as the readers check it: a damaged
     * one, an invalid slug, or a tenant path that is a symbolic link is skipped and reported; one
     * tenant's failed write is reported and the others go on.
     *
     * @param store            the database
     * @param root             the control-plane root; created when missing
     * @param dryRun           report only, write nothing
     * @param allowEmptySource whether a database holding no tenant may empty files that hold some
     * @param progress         told of each tenant as it is looked at
     * @return what was done
     * @throws InvalidInputException when {@code root} is not a directory, or the database holds no
     *         tenant while the files do and {@code allowEmptySource} is false
     */
    public static Report toFiles(ControlPlaneStore store, Path root, boolean dryRun, boolean allowEmptySource,
                                 Consumer<String> progress) {
        if (Files.exists(root) && !Files.isDirectory(root)) {
            throw new InvalidInputException(root + " is not a directory; nothing was written");
        }
        Path tenantsDir = root.resolve(FsControlPlane.TENANTS);
        if (Files.isSymbolicLink(tenantsDir)) {
            throw new InvalidInputException(root + ": tenants/ is a symbolic link; the control plane writes its own"
                    + " directory only; nothing was written");
        }
        TreeSet<String> inDb = new TreeSet<>(store.slugs());
        List<String> onDisk = fileSlugs(tenantsDir);
        List<String> created = new ArrayList<>();
        List<String> updated = new ArrayList<>();
        List<String> deleted = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        int[] unchanged = {0};
        TreeSet<String> all = new TreeSet<>(inDb);
        all.addAll(onDisk);
        Counter n = new Counter(all.size(), progress, dryRun);
        // read and check every tenant of the database first
        Map<String, TenantDocuments> ready = new TreeMap<>();
        for (String slug : inDb) {
            try {
                Optional<TenantDocuments> db = store.read(slug);
                if (db.isEmpty()) {
                    n.tell(slug, "absent");
                    continue;
                }
                check(db.get(), file -> DbControlPlane.source(slug, file));
                ready.put(slug, db.get());
            } catch (UnavailableException e) {
                throw e;
            } catch (StoreException e) {
                n.skip(skipped, slug, e);
            }
        }
        // only readable tenants count: rows that fail the checks are no source
        refuseEmptySource(ready.isEmpty(), onDisk.size(), allowEmptySource, store.describe(), "the files under " + root);
        try {
            if (!dryRun) {
                Files.createDirectories(tenantsDir);
            }
            Action work = () -> {
                for (String slug : onDisk) {
                    if (inDb.contains(slug)) {
                        continue;
                    }
                    Path dir = tenantsDir.resolve(slug);
                    try {
                        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                            throw notADirectory(dir);
                        }
                        if (!dryRun) {
                            FsTenantRepository.setAside(tenantsDir, slug, dir);
                        }
                        deleted.add(slug);
                        n.tell(slug, "deleted");
                    } catch (StoreException e) {
                        n.skip(skipped, slug, e);
                    } catch (IOException e) {
                        n.skip(skipped, slug, new StoreException(ErrorCode.INTERNAL, "cannot remove " + dir + ": " + e));
                    }
                }
                for (Map.Entry<String, TenantDocuments> e : ready.entrySet()) {
                    String slug = e.getKey();
                    TenantDocuments db = e.getValue();
                    Path dir = tenantsDir.resolve(slug);
                    try {
                        if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)
                                && !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                            throw notADirectory(dir);
                        }
                        boolean onDiskNow = Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS);
                        Optional<TenantDocuments> files = Optional.empty();
                        if (onDiskNow) {
                            try {
                                files = fromFiles(tenantsDir, slug, false);
                            } catch (StoreException ex) {
                                files = Optional.empty(); // a broken file is replaced by the database's copy
                            }
                        }
                        if (files.isPresent() && sameText(db, files.get())) {
                            unchanged[0]++;
                            n.tell(slug, "unchanged");
                            continue;
                        }
                        if (!dryRun) {
                            writeFiles(dir, db);
                        }
                        (onDiskNow ? updated : created).add(slug);
                        n.tell(slug, onDiskNow ? "updated" : "created");
                    } catch (UnavailableException ex) {
                        throw ex;
                    } catch (StoreException ex) {
                        n.skip(skipped, slug, ex);
                    } catch (IOException ex) {
                        n.skip(skipped, slug, new StoreException(ErrorCode.INTERNAL, "cannot write " + dir + ": " + ex));
                    }
                }
                // administrators keep a tenant the files hold, or one the database holds but could not be read
                TreeSet<String> after = new TreeSet<>(onDisk);
                after.removeAll(deleted);
                after.addAll(inDb);
                String adminsOutcome = adminsToFiles(store, root, dryRun, after, created, updated, deleted, skipped,
                        progress);
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
     * @param followLinks whether a document that is a symbolic link is read (the store's own files)
     *                   or refused (a tree given to import)
     * @return the documents, or empty when there is no tenant.yaml
     * @throws StoreException when tenant.yaml cannot be read or has no valid id and version
     */
    static Optional<TenantDocuments> fromFiles(Path tenantsDir, String slug, boolean followLinks) {
        Path dir = tenantsDir.resolve(slug);
        String tenant = readOrNull(dir.resolve(TenantYaml.FILE), followLinks);
        if (tenant == null) {
            return Optional.empty();
        }
        String source = FsControlPlane.source(slug, TenantYaml.FILE);
        YamlMap m = YamlLoader.DEFAULT.parseMapping(tenant, source);
        String id = TenantYaml.id(m);
        long version = m.longValue("version").orElseThrow(() -> m.error("missing required key 'version'"));
        String clients = orEmpty(readOrNull(dir.resolve(ClientsYaml.FILE), followLinks), ClientsYaml.write(List.of()));
        String scopes = orEmpty(readOrNull(dir.resolve(ScopesYaml.FILE), followLinks), "");
        String branding = orEmpty(readOrNull(dir.resolve(BrandingFiles.FILE), followLinks), "");
        String keys = orEmpty(readOrNull(dir.resolve(KeysYaml.FILE), followLinks), "");
        return Optional.of(new TenantDocuments(slug, id, new Document(version, tenant), new Document(1, clients),
                new Document(1, scopes), new Document(1, branding), new Document(1, keys)));
    }

    private static String orEmpty(@Nullable String text, String fallback) {
        return text == null ? fallback : text;
    }

    private static Document next(Document current, String text) {
        return current.text().equals(text) ? current : new Document(current.revision() + 1, text);
    }

    private static boolean sameText(TenantDocuments a, TenantDocuments b) {
        return a.id().equals(b.id()) && a.tenant().equals(b.tenant()) && a.clients().text().equals(b.clients().text())
                && a.scopes().text().equals(b.scopes().text()) && a.branding().text().equals(b.branding().text())
                && a.signingKeys().text().equals(b.signingKeys().text());
    }

    private static @Nullable String readOrNull(Path file, boolean followLinks) {
        if (!followLinks && Files.isSymbolicLink(file)) {
            throw new InvalidInputException(file + " is a symbolic link: the control plane reads its own files only");
        }
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new StoreException(ErrorCode.INTERNAL, "control plane: cannot read " + file + ": " + e, e);
        }
    }

    /** @return the slug-named entries under {@code tenantsDir} (directories, links, files), sorted; none when it is missing */
    static List<String> fileSlugs(Path tenantsDir) {
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(tenantsDir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                // a link or a file named like a tenant is listed too: it is reported and left alone, never
                // taken for a tenant that is gone
                if (Slugs.isSlug(name)) {
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
     * @param deletedHere whether this process deleted a tenant (only then is it removed from the copy)
     * @return whether the database was changed
     */
    public static boolean mirror(Path root, ControlPlaneStore store, String slug,
                                 java.util.function.Predicate<String> deletedHere) {
        Path tenantsDir = root.resolve(FsControlPlane.TENANTS);
        Optional<TenantDocuments> current = store.read(slug);
        if (!Files.isDirectory(tenantsDir.resolve(slug))) {
            // gone from the files: removed from the copy only when this process deleted it; files that
            // vanished otherwise (a volume swapped under the store) must not take the copy with them
            if (current.isEmpty() || Files.exists(tenantsDir.resolve(slug), LinkOption.NOFOLLOW_LINKS)
                    || !deletedHere.test(slug)) {
                return false;
            }
            return store.delete(slug);
        }
        Optional<TenantDocuments> files = fromFiles(tenantsDir, slug, true);
        if (files.isEmpty() || current.isPresent() && sameText(current.get(), files.get())) {
            return false;
        }
        check(files.get(), file -> FsControlPlane.source(slug, file));
        store.put(rebase(files.get(), current.orElse(null)));
        return true;
    }
}
