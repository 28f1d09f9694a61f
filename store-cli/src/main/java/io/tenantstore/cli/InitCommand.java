package io.tenantstore.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.tenantstore.InvalidInputException;
import io.tenantstore.core.secret.Keyring;
import io.tenantstore.fs.FsSecrets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tenantstore init [DIR]}: writes a store.yaml and an empty control plane. Not thread-safe. */
@Command(name = "init", description = "Create a store.yaml and an empty control plane in DIR (default: .).")
final class InitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "directory to initialise")
    Path dir = Path.of(".");

    @Override
    public Integer call() {
        Path storeYaml = dir.resolve("store.yaml");
        if (Files.exists(storeYaml)) {
            throw new InvalidInputException(storeYaml + " already exists; not overwriting it");
        }
        try {
            Files.createDirectories(dir.resolve("data").resolve("tenants"));
            if (!Files.exists(dir.resolve("keyset.json"))) {
                FsSecrets.writeOwnerOnly(dir.resolve("keyset.json"), Keyring.generate().exportJson().reveal());
            }
            Files.writeString(storeYaml, """
                    # TenantStore configuration; see DESIGN §6 for every key.
                    fsRoot: data
                    controlPlane: writer
                    secrets: { keyset: file:keyset.json }   # encrypts enc: values and stored TOTP seeds; keep it private
                    # defaultTenantDb:
                    #   driver: postgres
                    #   url: jdbc:postgresql://127.0.0.1:5432/app
                    #   isolation: schema
                    #   username: app
                    #   password: ${APP_DB_PASSWORD}
                    pools: { maxPools: 200, idleTimeout: 10m, healthCheckInterval: 30s }
                    """, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot initialise " + dir, e);
        }
        spec.commandLine().getOut().println("initialised " + storeYaml.toAbsolutePath().normalize()
                + " with control plane " + dir.resolve("data").toAbsolutePath().normalize());
        return 0;
    }
}
