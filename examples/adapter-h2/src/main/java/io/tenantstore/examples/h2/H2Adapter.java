package io.tenantstore.examples.h2;

import java.util.Set;

import io.tenantstore.Isolation;
import io.tenantstore.jdbc.JdbcAdapters;
import io.tenantstore.spi.AdapterConfig;
import io.tenantstore.spi.AdapterConnection;
import io.tenantstore.spi.StoreAdapter;

/**
 * The {@code h2} adapter: TenantStore on an H2 database ({@code jdbc:h2:file:...},
 * {@code jdbc:h2:tcp://...}, or {@code jdbc:h2:mem:name;DB_CLOSE_DELAY=-1} for tests), with
 * {@code database}, {@code schema} and {@code shared} isolation. Everything engine-specific is in
 * {@link H2Dialect}; pooling, migrations, repositories and isolation come from tenantstore-jdbc.
 * Stateless and thread-safe.
 */
public final class H2Adapter implements StoreAdapter {
    /** The name configurations use ({@code driver: h2}). */
    public static final String NAME = "h2";

    /** Creates the adapter; the service loader calls this. */
    public H2Adapter() {
    }

    @Override
    public String name() {
        return NAME;
    }

    /** @return {@code database}, {@code schema} and {@code shared} */
    @Override
    public Set<Isolation> isolations() {
        return H2Dialect.INSTANCE.isolations();
    }

    @Override
    public AdapterConnection connect(AdapterConfig config) {
        return JdbcAdapters.connect(config, H2Dialect.INSTANCE);
    }
}
