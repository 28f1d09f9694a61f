package io.tenantstore;

/** What happens to a tenant's data when the tenant is deleted. Immutable and thread-safe. */
public enum DataRetention {
    /**
     * Only the tenant's control-plane entry (tenant, clients, scopes) goes; its rows, schema or
     * database stay where they are. A new tenant with the same slug gets a new id and never sees
     * them: shared tables filter by tenant id, and a leftover schema holding another tenant's rows
     * is refused at bind.
     */
    KEEP,
    /**
     * The tenant's data goes first: its schema (or the database the store created for it) is
     * dropped, its rows in shared tables are deleted in batches; then its control-plane entry.
     */
    PURGE
}
