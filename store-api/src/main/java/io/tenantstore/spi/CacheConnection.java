package io.tenantstore.spi;

import io.tenantstore.HealthReport;
import io.tenantstore.repository.TenantCache;

/**
 * An open cache shared by all tenants of a store (one client, one connection pool). Thread-safe.
 */
public interface CacheConnection extends AutoCloseable {
    /**
     * @param tenantId the tenant's id (not its slug, which can be renamed)
     * @return a view that can only reach that tenant's keys
     */
    TenantCache forTenant(String tenantId);

    /** @return whether the cache answers, for {@code DataAccessLayer.health()} */
    HealthReport.Check health();

    /** Releases the client and its connections; idempotent. */
    @Override
    void close();
}
