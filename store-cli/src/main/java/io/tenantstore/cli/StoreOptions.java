package io.tenantstore.cli;

import java.nio.file.Files;
import java.nio.file.Path;

import io.tenantstore.ControlPlaneSource;
import io.tenantstore.DataAccessLayer;
import io.tenantstore.ErrorCode;
import io.tenantstore.InvalidInputException;
import io.tenantstore.StoreException;
import io.tenantstore.core.TenantStore;
import io.tenantstore.core.yaml.StoreFile;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** Where the store is: a store.yaml, or a bare control-plane root. Not thread-safe (one per command). */
final class StoreOptions {
    @Option(names = "--store", paramLabel = "STORE_YAML",
            description = "store.yaml to open (default: ./store.yaml when it exists)")
    @Nullable Path storeYaml;

    @Option(names = "--fs-root", paramLabel = "DIR",
            description = "control-plane root to open without a store.yaml (default: ./data)")
    @Nullable Path fsRoot;

    @Option(names = "--reader", description = "open the control plane read-only")
    boolean reader;

    /**
     * Opens the store. A command that only reads opens a bare control plane read-only, so it never
     * creates the directory; a missing one is a configuration error.
     *
     * @param writes whether the command writes the control plane
     * @return the open store
     */
    DataAccessLayer open(boolean writes) {
        if (storeYaml != null && fsRoot != null) {
            throw new InvalidInputException("give either --store or --fs-root, not both");
        }
        Path yaml = storeYaml != null ? storeYaml
                : fsRoot == null && Files.isRegularFile(Path.of("store.yaml")) ? Path.of("store.yaml") : null;
        if (yaml != null) {
            if (!writes) {
                StoreFile file = StoreFile.read(yaml);
                boolean inFiles = file.controlPlaneSource().orElse(ControlPlaneSource.FILES) == ControlPlaneSource.FILES;
                if (inFiles && !Files.isDirectory(file.fsRoot().resolve("tenants"))) {
                    // a volume not mounted, or an empty one: a command that only reads would show an empty
                    // store (and, with a globalDb, the copy there would be compared with nothing)
                    throw new StoreException(ErrorCode.CONFIGURATION, "no control plane directory "
                            + (Files.isDirectory(file.fsRoot()) ? file.fsRoot().resolve("tenants") : file.fsRoot())
                            + " (the fsRoot of " + yaml + "); a command that only reads never creates it: mount it, or"
                            + " create it with a command that writes");
                }
            }
            TenantStore.Builder builder = TenantStore.builder(yaml);
            if (reader) {
                builder.controlPlaneWriter(false); // over the file's controlPlane: writer
            }
            return builder.build();
        }
        Path root = fsRoot != null ? fsRoot : Path.of("data");
        if (!writes && !Files.isDirectory(root)) {
            throw new StoreException(ErrorCode.CONFIGURATION, "no store here: "
                    + (fsRoot != null ? "" : "no ./store.yaml and ") + "no control plane directory "
                    + root.toAbsolutePath().normalize() + "; run 'tenantstore init' or give --store / --fs-root");
        }
        return TenantStore.builder()
                .fsRoot(root)
                .controlPlaneWriter(writes && !reader)
                .noBackgroundMaintenance()
                .build();
    }
}
