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
 */
public record Capabilities(OperationalMode mode, boolean defaultTenantData, boolean controlPlaneWrites,
                           boolean globalMirror, boolean cache) {

    /**
     * @param mode   the store's mode
     * @param writer whether the control plane was opened as writer
     * @return the capabilities
     */
    public static Capabilities of(OperationalMode mode, boolean writer) {
        return new Capabilities(mode, mode.hasDefaultTenantDb(), writer, mode.hasGlobalDb(), true);
    }
}
