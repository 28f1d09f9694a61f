package io.tenantstore.spi;

/**
 * A control plane implementation (tenants, clients, scopes), discovered through
 * {@code META-INF/services/io.tenantstore.spi.ControlPlaneProvider} and chosen by name
 * ({@code fs} for the YAML files of tenantstore-fs). Thread-safe.
 */
public interface ControlPlaneProvider {
    /** @return the name, e.g. {@code fs} */
    String name();

    /**
     * @param config where and how to open it
     * @return the open control plane
     * @throws io.tenantstore.InvalidInputException when the root is unusable
     */
    ControlPlane open(ControlPlaneConfig config);
}
