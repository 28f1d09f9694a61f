package io.tenantstore.cli;

import java.nio.file.Files;
import java.nio.file.Path;

import io.tenantstore.DataAccessLayer;
import io.tenantstore.core.TenantStore;
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

    DataAccessLayer open() {
        if (storeYaml != null && fsRoot != null) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "give either --store or --fs-root, not both");
        }
        if (storeYaml != null) {
            return TenantStore.open(storeYaml);
        }
        if (fsRoot == null && Files.isRegularFile(Path.of("store.yaml"))) {
            return TenantStore.open(Path.of("store.yaml"));
        }
        return TenantStore.builder()
                .fsRoot(fsRoot != null ? fsRoot : Path.of("data"))
                .controlPlaneWriter(!reader)
                .noBackgroundMaintenance()
                .build();
    }
}
