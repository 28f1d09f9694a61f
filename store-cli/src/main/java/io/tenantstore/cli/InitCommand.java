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

/**
 * {@code tenantstore init [DIR]}: writes a store.yaml whose tenants live in SQLite files under the
 * control plane (no server needed), a new keyset for the secrets, and an empty control plane. Not
 * thread-safe.
 */
@Command(name = "init", description = "Create a store.yaml (tenants in SQLite files, no server needed), a keyset"
        + " and an empty control plane in DIR (default: .).")
final class InitCommand implements Callable<Integer> {
    /** The keyset init writes next to store.yaml. */
    static final String KEYSET_FILE = "keyset.json";

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "directory to initialise")
    Path dir = Path.of(".");

    @Override
    public Integer call() {
        Path storeYaml = write(dir, "data");
        spec.commandLine().getOut().println("initialised " + storeYaml.toAbsolutePath().normalize()
                + " with control plane " + dir.resolve("data").toAbsolutePath().normalize()
                + "; each tenant's data goes to data/tenants/<slug>/data.db (SQLite)");
        return 0;
    }

    /**
     * Writes {@code dir/store.yaml}, a new keyset {@code dir/keyset.json} (readable by its owner
     * only) and the control plane's {@code tenants} directory.
     *
     * @param dir    the directory
     * @param fsRoot the control-plane root, relative to {@code dir}
     * @return the store.yaml written
     * @throws InvalidInputException when store.yaml or the keyset already exists
     */
    static Path write(Path dir, String fsRoot) {
        Path storeYaml = dir.resolve("store.yaml");
        Path keyset = dir.resolve(KEYSET_FILE);
        if (Files.exists(storeYaml)) {
            throw new InvalidInputException(storeYaml + " already exists; not overwriting it");
        }
        if (Files.exists(keyset)) {
            throw new InvalidInputException(keyset + " already exists; not overwriting a keyset");
        }
        try {
            Files.createDirectories(dir.resolve(fsRoot).resolve("tenants"));
            FsSecrets.writeOwnerOnly(keyset, Keyring.generate().exportJson().reveal());
            Files.writeString(storeYaml, """
                    # TenantStore configuration (written by `tenantstore init`); paths are relative to this file.
                    fsRoot: %s
                    controlPlane: writer
                    # Encrypts the secrets kept in YAML (enc: values) and the TOTP seeds in the tenants'
                    # databases. Keep keyset.json private and backed up: without it they cannot be read.
                    secrets: { keyset: file:%s }
                    # Every tenant's data (users, tokens, MFA, consents, roles) in its own SQLite file,
                    # <fsRoot>/tenants/<slug>/data.db, next to its tenant.yaml: no server to run.
                    defaultTenantDb:
                      driver: sqlite
                      url: jdbc:sqlite:tenants
                      isolation: database
                    # On a database server instead (add the tenantstore-postgres adapter):
                    # defaultTenantDb:
                    #   driver: postgres
                    #   url: jdbc:postgresql://127.0.0.1:5432/app
                    #   isolation: schema
                    #   username: app
                    #   password: ${APP_DB_PASSWORD}
                    pools: { maxPools: 200, idleTimeout: 10m, healthCheckInterval: 30s }
                    """.formatted(fsRoot, KEYSET_FILE), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot initialise " + dir, e);
        }
        return storeYaml;
    }
}
