package io.tenantstore;

/**
 * What a store can do, derived from its {@link OperationalMode} and control-plane role.
 * A tenant whose tenant.yaml names its own database has data-plane repositories in every mode;
 * use {@link TenantDataAccess#hasDatabase()} for one tenant.
 *
 * @param mode               the mode
 * @param defaultTenantData  users, tokens, MFA, consents and RBAC work for tenants on the default database
 * @param controlPlaneWrites tenants, clients and scopes can be written (this process is the writer)
 * @param globalMirror       control-plane writes are mirrored to the global database
 * @param cache              the per-tenant cache works (always true)
 * @param controlPlaneSource where the control plane's truth is kept: the files, or the global database
 */
public record Capabilities(OperationalMode mode, boolean defaultTenantData, boolean controlPlaneWrites,
                           boolean globalMirror, boolean cache, ControlPlaneSource controlPlaneSource) {

    /**
     * Capabilities of a store whose control plane is kept in files.
     *
     * @param mode               the mode
     * @param defaultTenantData  users, tokens, MFA, consents and RBAC work on the default database
     * @param controlPlaneWrites the control plane can be written
     * @param globalMirror       control-plane writes are mirrored to the global database
     * @param cache              the per-tenant cache works
     */
    public Capabilities(OperationalMode mode, boolean defaultTenantData, boolean controlPlaneWrites,
                        boolean globalMirror, boolean cache) {
        this(mode, defaultTenantData, controlPlaneWrites, globalMirror, cache, ControlPlaneSource.FILES);
    }

    /**
     * @param mode   the store's mode
     * @param writer whether the control plane was opened as writer
     * @return the capabilities
     */
    public static Capabilities of(OperationalMode mode, boolean writer) {
        return of(mode, writer, ControlPlaneSource.FILES);
    }

    /**
     * @param mode   the store's mode
     * @param writer whether the control plane was opened as writer
     * @param source where the control plane is kept; {@link ControlPlaneSource#DATABASE} needs a global database
     * @return the capabilities: writes are mirrored to the global database only when the files are the source
     * @throws InvalidInputException when the source is the database but the mode has no global database
     */
    public static Capabilities of(OperationalMode mode, boolean writer, ControlPlaneSource source) {
        if (source == ControlPlaneSource.DATABASE && !mode.hasGlobalDb()) {
            throw new InvalidInputException("the control plane can only be kept in the database when a globalDb"
                    + " is configured (mode " + mode + ")");
        }
        return new Capabilities(mode, mode.hasDefaultTenantDb(), writer,
                mode.hasGlobalDb() && source == ControlPlaneSource.FILES, true, source);
    }
}
