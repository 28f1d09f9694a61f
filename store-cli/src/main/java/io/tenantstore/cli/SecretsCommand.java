package io.tenantstore.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.tenantstore.DataAccessLayer;
import io.tenantstore.InvalidInputException;
import io.tenantstore.Secret;
import io.tenantstore.core.yaml.EncryptedValues;
import io.tenantstore.core.yaml.StoreFile;
import io.tenantstore.core.secret.Keyring;
import io.tenantstore.fs.FsSecrets;
import io.tenantstore.fs.FsSigningKeys;
import io.tenantstore.spi.ControlPlaneStore;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tenantstore secrets ...}: keysets, encrypted values and key rotation. Not thread-safe. */
@Command(name = "secrets", description = "Create keysets, encrypt values for YAML, rotate keys.",
        subcommands = {SecretsCommand.Keygen.class, SecretsCommand.Encrypt.class, SecretsCommand.Status.class,
            SecretsCommand.AddKey.class, SecretsCommand.Rotate.class, SecretsCommand.DisableKey.class})
final class SecretsCommand {

    /** Where the keyset is: {@code --keyset file:PATH|env:NAME}, else store.yaml's {@code secrets.keyset}. */
    static final class KeysetOptions {
        @Option(names = "--keyset", paramLabel = "file:PATH|env:NAME", description = "the keyset (default: the one"
                + " named by store.yaml)")
        @Nullable String keyset;

        @Option(names = "--store", paramLabel = "STORE_YAML", description = "store.yaml (default: ./store.yaml)")
        @Nullable Path storeYaml;

        Path storeYaml() {
            return storeYaml != null ? storeYaml : Path.of("store.yaml");
        }

        String spec() {
            if (keyset != null) {
                return keyset;
            }
            Path file = storeYaml();
            if (!Files.isRegularFile(file)) {
                throw new InvalidInputException("no --keyset given and no " + file + " to read secrets.keyset from");
            }
            return StoreFile.read(file).secretsKeyset().orElseThrow(() -> new InvalidInputException(
                    file + " has no secrets.keyset; give --keyset file:PATH or env:NAME"));
        }

        Keyring load() {
            String spec = spec();
            if (spec.startsWith("env:")) {
                return Keyring.fromEnv(spec.substring(4));
            }
            if (spec.startsWith("file:")) {
                return Keyring.fromFile(Path.of(spec.substring(5)));
            }
            throw new InvalidInputException("keyset must be file:PATH or env:NAME: '" + spec + "'");
        }
    }

    @Command(name = "keygen", description = "Write a new AES-256-GCM keyset to a file readable only by its owner.")
    static final class Keygen implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Option(names = "--out", required = true, paramLabel = "FILE", description = "keyset file to create")
        Path out;

        @Override
        public Integer call() throws IOException {
            if (Files.exists(out)) {
                throw new InvalidInputException(out + " already exists; not overwriting a keyset");
            }
            Keyring keyring = Keyring.generate();
            FsSecrets.writeOwnerOnly(out, keyring.exportJson().reveal());
            spec.commandLine().getOut().println("wrote keyset " + out + " (primary key " + keyring.primaryKeyId()
                    + "); point store.yaml at it with  secrets: { keyset: file:" + out + " }");
            return 0;
        }
    }

    @Command(name = "encrypt", description = "Encrypt a value read from standard input for one tenant's field;"
            + " prints the enc: value to paste into YAML.")
    static final class Encrypt implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @picocli.CommandLine.Mixin
        KeysetOptions keys;
        @Option(names = "--tenant", required = true, paramLabel = "SLUG", description = "the tenant (or 'store'"
                + " for store.yaml)")
        String owner;
        @Option(names = "--field", required = true, paramLabel = "PATH", description = "dotted key path, e.g."
                + " database.password or settings.smtp.password")
        String field;

        @Override
        public Integer call() throws IOException {
            String value = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (value == null || value.isEmpty()) {
                throw new InvalidInputException("no value on standard input");
            }
            spec.commandLine().getOut().println(keys.load().encrypt(owner, field, Secret.of(value)));
            return 0;
        }
    }

    @Command(name = "status", description = "List the keyset's keys (ids and status, never key material).")
    static final class Status implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @picocli.CommandLine.Mixin
        KeysetOptions keys;
        @Option(names = "--json", description = "print a JSON array")
        boolean json;

        @Override
        public Integer call() {
            Keyring keyring = keys.load();
            if (json) {
                spec.commandLine().getOut().println(Json.write(keyring.keys().stream().map(k -> {
                    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
                    m.put("id", k.id());
                    m.put("status", k.status().name().toLowerCase(java.util.Locale.ROOT));
                    m.put("primary", k.primary());
                    return m;
                }).toList()));
                return 0;
            }
            for (Keyring.KeyInfo k : keyring.keys()) {
                spec.commandLine().getOut().println("key " + k.id() + " " + k.status().name().toLowerCase(java.util.Locale.ROOT)
                        + (k.primary() ? " primary" : ""));
            }
            return 0;
        }
    }

    /** Keyset files only: rotation steps rewrite the keyset. */
    static Path keysetFile(KeysetOptions keys) {
        String keysetSpec = keys.spec();
        if (!keysetSpec.startsWith("file:")) {
            throw new InvalidInputException("rotation rewrites the keyset, so it needs a keyset file, not '"
                    + keysetSpec + "'; rotate the variable's keyset as a file and re-export it");
        }
        return Path.of(keysetSpec.substring(5));
    }

    @Command(name = "add-key", description = "Step 1 of a rotation: add a key (enabled, not primary). Then restart"
            + " every process using the keyset, so all can decrypt values under it, and run 'secrets rotate'.")
    static final class AddKey implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @picocli.CommandLine.Mixin
        KeysetOptions keys;

        @Override
        public Integer call() throws Exception {
            Path file = keysetFile(keys);
            return FsSecrets.underKeysetLock(file, () -> {
                Keyring keyring = keys.load();
                int id = keyring.addKey();
                FsSecrets.writeOwnerOnly(file, keyring.exportJson().reveal());
                spec.commandLine().getOut().println("added key " + id + " (enabled, not primary; primary is still "
                        + keyring.primaryKeyId() + "). Restart every process that uses " + file
                        + ", then run: tenantstore secrets rotate --key " + id);
                return 0;
            });
        }
    }

    @Command(name = "rotate", description = "Step 2: make a key added with add-key primary and re-encrypt every"
            + " enc: value (store.yaml and every tenant, in the files and in the globalDb) under it. The old key"
            + " stays enabled until disable-key.")
    static final class Rotate implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @picocli.CommandLine.Mixin
        KeysetOptions keys;
        @Option(names = "--key", description = "the key to promote (default: the only enabled non-primary key)")
        @Nullable Integer keyId;
        @Option(names = "--fs-root", paramLabel = "DIR", description = "control-plane root (default: store.yaml's)")
        @Nullable Path fsRoot;

        @Override
        public Integer call() throws Exception {
            // held to the end: an add-key or disable-key meanwhile would be overwritten by step 3
            return FsSecrets.underKeysetLock(keysetFile(keys), this::rotate);
        }

        private Integer rotate() throws IOException, InterruptedException {
            PrintWriter out = spec.commandLine().getOut();
            Path keysetFile = keysetFile(keys);
            Path storeYaml = keys.storeYaml();
            StoreFile storeFile = fsRoot != null && !Files.isRegularFile(storeYaml) ? null : StoreFile.read(storeYaml);
            boolean databaseSource = storeFile != null && storeFile.controlPlaneSource()
                    .orElse(io.tenantstore.ControlPlaneSource.FILES) == io.tenantstore.ControlPlaneSource.DATABASE;
            // with the control plane in the database there are no tenant files, unless named with --fs-root
            Path root = fsRoot != null ? fsRoot : databaseSource ? null : storeFile.fsRoot();
            Keyring keyring = keys.load();
            int old = keyring.primaryKeyId();
            int fresh = keyId != null ? keyId : onlyCandidate(keyring);
            boolean already = fresh == old; // run again after it finished: moves what is not under it yet
            // promoted in memory: the values are re-encrypted under it first and the keyset is written
            // last, so a run that stops on a damaged file leaves the keyset as it was and can be run again
            keyring.promote(fresh);
            try {
                EncryptedValues.@Nullable Result store = null;
                if (Files.isRegularFile(storeYaml)) {
                    // in memory only: a damaged store.yaml stops the run before anything is written
                    store = EncryptedValues.reEncrypt(Files.readString(storeYaml, StandardCharsets.UTF_8),
                            storeYaml.toString(), StoreFile.OWNER, keyring);
                }
                if (root != null) {
                    int tenantValues = FsSecrets.reEncrypt(root, keyring);
                    // token-signing keys live beside the tenant files and are encrypted under the same keyring
                    int signingKeys = FsSigningKeys.reEncrypt(root, keyring);
                    out.println("[1/4] re-encrypted " + tenantValues + " value(s) and " + signingKeys
                            + " signing key(s) in the tenants under " + root);
                }
                if (storeFile != null && storeFile.globalDb().isPresent()) {
                    // the database holds the control plane (or the files' copy): its enc: values move to the new key too
                    try (ControlPlaneStore database = new ControlPlaneCommand.Options().database(storeFile)) {
                        int databaseValues = FsSecrets.reEncrypt(database, keyring);
                        int databaseKeys = FsSigningKeys.reEncrypt(database, keyring);
                        out.println("[1/4] re-encrypted " + databaseValues + " value(s) and " + databaseKeys
                                + " signing key(s) in the tenants in " + database.describe());
                    }
                }
                if (store != null && store.changed() > 0) {
                    FsSecrets.writeOwnerOnly(storeYaml, store.text());
                }
                out.println("[2/4] re-encrypted " + (store == null ? 0 : store.changed()) + " value(s) in " + storeYaml);
            } catch (RuntimeException | IOException e) {
                out.flush();
                spec.commandLine().getErr().println((already ? "key " + fresh + " is primary already; "
                        : "key " + fresh + " was not made primary: " + keysetFile + " is unchanged, and ")
                        + "the values already re-encrypted stay readable under key " + fresh + " (enabled). Repair"
                        + " what the error names, then run the same command again with --key " + fresh);
                throw e;
            }
            if (already) {
                out.println("[3/4] key " + fresh + " was primary already; " + keysetFile + " is unchanged");
            } else {
                FsSecrets.writeOwnerOnly(keysetFile, keyring.exportJson().reveal());
                out.println("[3/4] key " + fresh + " is primary (old primary " + old + " stays enabled)");
            }
            if (storeFile == null) {
                // no store.yaml: which databases the tenants use is not known here
                out.println("[4/4] not done: without a store.yaml the secrets in the tenants' databases (TOTP seeds)"
                        + " were not moved; run the same command with --store before disabling key " + old);
                return 0;
            }
            int failed = reEncryptStoredSecrets(storeYaml, keyring, out);
            if (failed > 0) {
                out.println((already ? "keep the previous key" : "keep key " + old) + " enabled: " + failed + " tenant(s) still"
                        + " hold secrets under it; once their databases answer, run the same command again with --key "
                        + fresh);
                return Main.EXIT_PARTIAL;
            }
            if (!already) {
                out.println("restart every process that uses " + keysetFile + ", then run: tenantstore secrets"
                        + " disable-key " + old);
            }
            return 0;
        }

        /**
         * Step 4: the secrets the tenants' databases hold (TOTP seeds) move to the new primary too,
         * tenant by tenant with a progress line each; a tenant whose database does not answer is
         * reported and the others go on.
         *
         * @return how many tenants could not be re-encrypted
         */
        private static int reEncryptStoredSecrets(Path storeYaml, Keyring keyring, PrintWriter out)
                throws InterruptedException {
            try (DataAccessLayer dal = io.tenantstore.core.TenantStore.builder(storeYaml).secrets(keyring)
                    .noBackgroundMaintenance().build()) {
                java.util.List<io.tenantstore.model.Tenant> tenants = dal.config().tenants().list();
                java.util.concurrent.atomic.AtomicLong total = new java.util.concurrent.atomic.AtomicLong();
                java.util.List<Fleet.Outcome> outcomes = Fleet.run(tenants, 1, out, "[4/4] ", t -> {
                    try {
                        int n = dal.reEncryptStoredSecrets(t.slug());
                        total.addAndGet(n);
                        return new Fleet.Outcome("re-encrypted", false, "re-encrypted " + n + " stored secret(s)",
                                java.util.Map.of());
                    } finally {
                        dal.invalidate(t.slug()); // its pool goes back: a fleet larger than maxPools fits
                    }
                });
                // a tenant whose definition cannot be read still has its seeds under the old key
                java.util.Map<String, String> unreadable = dal.config().tenants().unreadable();
                Fleet.printUnreadable(out, "[4/4] ", unreadable);
                int failed = (int) Fleet.count(outcomes, "failed") + unreadable.size();
                out.println("[4/4] re-encrypted " + total.get() + " stored secret(s) (TOTP seeds) in " + tenants.size()
                        + " tenant(s)' databases" + (failed == 0 ? "" : ", " + failed + " failed"));
                return failed;
            }
        }

        /**
         * The key to promote when none is named: the one enabled key added after the primary (keys
         * keep the order they were added in). A key before the primary is an earlier primary, which
         * a second rotate must not bring back.
         */
        private static int onlyCandidate(Keyring keyring) {
            java.util.List<Keyring.KeyInfo> keys = keyring.keys();
            int primary = 0;
            while (!keys.get(primary).primary()) {
                primary++;
            }
            java.util.List<Integer> added = keys.subList(primary + 1, keys.size()).stream()
                    .filter(k -> k.status() == Keyring.KeyStatus.ENABLED).map(Keyring.KeyInfo::id).toList();
            if (added.size() == 1) {
                return added.get(0);
            }
            boolean earlierEnabled = keys.subList(0, primary).stream()
                    .anyMatch(k -> k.status() == Keyring.KeyStatus.ENABLED);
            if (added.isEmpty() && earlierEnabled) {
                throw new InvalidInputException("rotate promotes a key added after the primary, and key "
                        + keys.get(primary).id() + ", the primary, is the newest: this rotation is done (disable"
                        + " the old key with 'tenantstore secrets disable-key'), or run 'tenantstore secrets add-key'"
                        + " for a new one; to make an earlier key primary again, name it with --key");
            }
            throw new InvalidInputException("rotate promotes a key added earlier, and found " + added.size()
                    + " enabled keys added after the primary " + added + ": run 'tenantstore secrets add-key' first,"
                    + " restart the processes, then rotate (or name the key with --key)");
        }
    }

    @Command(name = "disable-key", description = "Step 3: disable the old key once every process runs with the new"
            + " primary; values still under it stop decrypting.")
    static final class DisableKey implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @picocli.CommandLine.Mixin
        KeysetOptions keys;
        @picocli.CommandLine.Parameters(index = "0", paramLabel = "KEY_ID")
        int keyId;

        @Override
        public Integer call() throws Exception {
            Path file = keysetFile(keys);
            return FsSecrets.underKeysetLock(file, () -> {
                Keyring keyring = keys.load();
                keyring.disable(keyId);
                FsSecrets.writeOwnerOnly(file, keyring.exportJson().reveal());
                spec.commandLine().getOut().println("disabled key " + keyId + "; delete it later with care (backups"
                        + " may still need it)");
                return 0;
            });
        }
    }
}
