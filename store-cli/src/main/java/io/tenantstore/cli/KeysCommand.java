package io.tenantstore.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

import org.jspecify.annotations.Nullable;

import io.tenantstore.ControlPlaneSource;
import io.tenantstore.InvalidInputException;
import io.tenantstore.core.secret.Keyring;
import io.tenantstore.core.yaml.StoreFile;
import io.tenantstore.fs.FsSigningKeys;
import io.tenantstore.model.SigningKey;
import io.tenantstore.model.SigningKeyAlgorithm;
import io.tenantstore.repository.SigningKeyRepository;
import io.tenantstore.spi.ControlPlaneStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tenantstore keys ...}: a tenant's token-signing keys, wherever store.yaml keeps the control
 * plane: the files, the files with a copy in the globalDb, or the globalDb alone. Not thread-safe.
 */
@Command(name = "keys", description = "List and rotate a tenant's token-signing keys; print its JWKS.",
        subcommands = {KeysCommand.ListKeys.class, KeysCommand.RotateKeys.class, KeysCommand.Jwks.class})
final class KeysCommand {

    /** What every keys subcommand shares: the tenant, where the control plane is, and the keyset. */
    abstract static class KeysBase implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        SecretsCommand.KeysetOptions keyset;
        @Option(names = "--fs-root", paramLabel = "DIR", description = "control-plane root, used instead of"
                + " store.yaml's control plane")
        @Nullable Path fsRoot;
        @Parameters(index = "0", paramLabel = "SLUG")
        String slug;

        @Override
        public final Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            if (fsRoot != null && keyset.storeYaml != null) {
                // a store.yaml with a global database would have its copy of the keys left behind
                throw new InvalidInputException("give either --store or --fs-root, not both (with --fs-root, name"
                        + " the keyset with --keyset)");
            }
            if (fsRoot != null) {
                return run(keyring -> FsSigningKeys.open(fsRoot, keyring, Clock.systemUTC()), out);
            }
            StoreFile file = StoreFile.read(keyset.storeYaml());
            if (file.globalDb().isEmpty()) {
                return run(keyring -> FsSigningKeys.open(file.fsRoot(), keyring, Clock.systemUTC()), out);
            }
            boolean databaseSource = file.controlPlaneSource().orElse(ControlPlaneSource.FILES)
                    == ControlPlaneSource.DATABASE;
            try (ControlPlaneStore database = new ControlPlaneCommand.Options().database(file)) {
                // with the files as the source the database holds their copy, written in the same call
                return run(keyring -> databaseSource ? FsSigningKeys.open(database, keyring, Clock.systemUTC())
                        : FsSigningKeys.openMirrored(file.fsRoot(), database, keyring, Clock.systemUTC()), out);
            }
        }

        /**
         * @param keys opens the keys with a keyring (null for commands that only read public keys)
         * @param out  standard output
         * @return the exit code
         */
        abstract int run(Opener keys, PrintWriter out);
    }

    /** Opens the signing keys with a keyring, or without one for reading. */
    @FunctionalInterface
    interface Opener {
        SigningKeyRepository open(@Nullable Keyring keyring);
    }

    static String describe(SigningKey k) {
        return String.format("%-18s %-6s %-9s created %s%s", k.kid(), k.algorithm().jwsName(),
                k.state().yamlName(), k.createdAt(), k.retireAt() == null ? "" : "  verifies until " + k.retireAt());
    }

    @Command(name = "list", description = "List a tenant's signing keys and their states.")
    static final class ListKeys extends KeysBase {
        @Override
        int run(Opener keys, PrintWriter out) {
            List<SigningKey> list = keys.open(null).list(slug);
            list.forEach(k -> out.println(describe(k)));
            out.println(list.size() + " signing key(s) in tenant " + slug);
            return 0;
        }
    }

    @Command(name = "rotate", description = "Make the next key (or a fresh one) active; the old active key keeps"
            + " verifying for the grace period.")
    static final class RotateKeys extends KeysBase {
        @Option(names = "--alg", description = "algorithm of a fresh key: EdDSA, ES256 or RS256 (default ES256)")
        String alg = "ES256";
        @Option(names = "--grace", description = "how long the old key still verifies: 24h, 30m, PT24H ... (default 24h)")
        String grace = "24h";

        @Override
        int run(Opener keys, PrintWriter out) {
            SigningKeyAlgorithm algorithm = SigningKeyAlgorithm.parse(alg);
            Duration g;
            try {
                g = io.tenantstore.core.yaml.Durations.parse(grace);
            } catch (InvalidInputException e) {
                throw new InvalidInputException("--grace must be a duration like 24h or PT24H, found '" + grace + "'",
                        e);
            }
            if (g.compareTo(java.time.Duration.ofDays(3650)) > 0) {
                throw new InvalidInputException("--grace must be at most 3650 days, found '" + grace + "'");
            }
            SigningKey active = keys.open(keyset.load()).rotate(slug, algorithm, g);
            out.println("active " + describe(active));
            return 0;
        }
    }

    @Command(name = "jwks", description = "Print the tenant's JWKS (public keys that may verify) for publication.")
    static final class Jwks extends KeysBase {
        @Override
        int run(Opener keys, PrintWriter out) {
            out.println(keys.open(null).jwks(slug));
            return 0;
        }
    }
}
