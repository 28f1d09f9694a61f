package io.tenantstore.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

import org.jspecify.annotations.Nullable;

import io.tenantstore.InvalidInputException;
import io.tenantstore.core.yaml.StoreFile;
import io.tenantstore.core.secret.Keyring;
import io.tenantstore.fs.FsSigningKeys;
import io.tenantstore.fs.SigningKey;
import io.tenantstore.fs.SigningKeyAlgorithm;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tenantstore keys ...}: a tenant's token-signing keys. Not thread-safe. */
@Command(name = "keys", description = "List and rotate a tenant's token-signing keys; print its JWKS.",
        subcommands = {KeysCommand.ListKeys.class, KeysCommand.RotateKeys.class, KeysCommand.Jwks.class})
final class KeysCommand {

    /** What every keys subcommand shares: the tenant, the control-plane root and the keyset. */
    abstract static class KeysBase implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        SecretsCommand.KeysetOptions keyset;
        @Option(names = "--fs-root", paramLabel = "DIR", description = "control-plane root (default: store.yaml's)")
        @Nullable Path fsRoot;
        @Parameters(index = "0", paramLabel = "SLUG")
        String slug;

        Path root() {
            return fsRoot != null ? fsRoot : StoreFile.read(keyset.storeYaml()).fsRoot();
        }

        FsSigningKeys keys(@Nullable Keyring keyring) {
            return FsSigningKeys.open(root(), keyring, Clock.systemUTC());
        }

        @Override
        public final Integer call() {
            return run(spec.commandLine().getOut());
        }

        abstract int run(PrintWriter out);
    }

    static String describe(SigningKey k) {
        return String.format("%-18s %-6s %-9s created %s%s", k.kid(), k.algorithm().jwsName(),
                k.state().yamlName(), k.createdAt(), k.retireAt() == null ? "" : "  verifies until " + k.retireAt());
    }

    @Command(name = "list", description = "List a tenant's signing keys and their states.")
    static final class ListKeys extends KeysBase {
        @Override
        int run(PrintWriter out) {
            List<SigningKey> keys = keys(null).list(slug);
            keys.forEach(k -> out.println(describe(k)));
            out.println(keys.size() + " signing key(s) in tenant " + slug);
            return 0;
        }
    }

    @Command(name = "rotate", description = "Make the next key (or a fresh one) active; the old active key keeps"
            + " verifying for the grace period.")
    static final class RotateKeys extends KeysBase {
        @Option(names = "--alg", description = "algorithm of a fresh key: EdDSA, ES256 or RS256 (default ES256)")
        String alg = "ES256";
        @Option(names = "--grace", description = "how long the old key still verifies, ISO-8601 (default PT24H)")
        String grace = "PT24H";

        @Override
        int run(PrintWriter out) {
            SigningKeyAlgorithm algorithm = SigningKeyAlgorithm.parse(alg);
            Duration g;
            try {
                g = Duration.parse(grace);
            } catch (java.time.format.DateTimeParseException e) {
                throw new InvalidInputException("--grace must be an ISO-8601 duration like PT24H, found '"
                        + grace + "'");
            }
            SigningKey active = keys(keyset.load()).rotate(slug, algorithm, g);
            out.println("active " + describe(active));
            return 0;
        }
    }

    @Command(name = "jwks", description = "Print the tenant's JWKS (public keys that may verify) for publication.")
    static final class Jwks extends KeysBase {
        @Override
        int run(PrintWriter out) {
            out.println(keys(null).jwks(slug));
            return 0;
        }
    }
}
