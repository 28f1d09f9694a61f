package io.tenantstore.fs;

import io.tenantstore.fs.internal.FsControlPlane;
import io.tenantstore.spi.ControlPlane;
import io.tenantstore.spi.ControlPlaneConfig;
import io.tenantstore.spi.ControlPlaneProvider;

/**
 * Provides the YAML control plane under the name {@value #NAME}. Registered in
 * {@code META-INF/services/io.tenantstore.spi.ControlPlaneProvider}. Stateless and thread-safe.
 */
public final class FsControlPlaneProvider implements ControlPlaneProvider {
    /** The provider name. */
    public static final String NAME = "fs";

    /** Creates the provider; called by {@link java.util.ServiceLoader}. */
    public FsControlPlaneProvider() {
        // nothing to set up: each open() is independent
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Opens the files under {@code config.root()} (copied to the global database when one is
     * configured), or, with the database as source, the control plane kept in the global database.
     * A writer creates the root when missing; a reader needs it to exist. {@code ${ENV}} secret references resolve from the process
     * environment.
     *
     * @param config root, writer flag and clock
     * @return the open control plane
     * @throws io.tenantstore.InvalidInputException when the root is unusable
     */
    @Override
    public ControlPlane open(ControlPlaneConfig config) {
        if (config.source() == io.tenantstore.ControlPlaneSource.DATABASE) {
            // the same documents and rules, kept in the global database; no files are used
            return io.tenantstore.fs.internal.DbControlPlane.open(config);
        }
        FsControlPlane files = FsControlPlane.open(config);
        if (config.databaseStore().isEmpty()) {
            return files;
        }
        return new io.tenantstore.fs.internal.MirroredControlPlane(files, config.databaseStore().get(), config.root(),
                config.writer());
    }
}
