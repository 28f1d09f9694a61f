package io.tenantstore.mysql;

import java.util.ArrayList;
import java.util.List;

import io.tenantstore.DbConfig;
import io.tenantstore.Isolation;
import io.tenantstore.spi.StoreAdapter;
import io.tenantstore.spi.TenantScope;
import io.tenantstore.testkit.conformance.AdapterConformanceSuite;

/**
 * The conformance suite on MySQL/MariaDB in one isolation and one prepared-statement mode, in a
 * fresh database; with {@code schema} isolation the tenants' databases get random names too, and
 * everything is dropped afterwards. Subclasses only choose. Not thread-safe (one per test class).
 */
abstract class MysqlConformanceSuite extends AdapterConformanceSuite {
    private final Isolation isolation;
    private final boolean serverPrepared;
    private final String database;
    private final List<String> schemas = new ArrayList<>();

    /**
     * @param isolation      the isolation under test
     * @param serverPrepared whether statements are prepared on the server
     */
    MysqlConformanceSuite(Isolation isolation, boolean serverPrepared) {
        this.isolation = isolation;
        this.serverPrepared = serverPrepared;
        this.database = MysqlTestSupport.createDatabase("my_it_" + isolation.yamlName());
    }

    @Override
    protected final StoreAdapter adapter() {
        return new MysqlAdapter();
    }

    @Override
    protected final DbConfig dbConfig() {
        return logins(MysqlTestSupport.config(database, isolation, serverPrepared)).build();
    }

    /**
     * @param config the data source as the test server's user
     * @return the data source with the logins the subclass runs the suite as; Default: unchanged
     */
    DbConfig.Builder logins(DbConfig.Builder config) {
        return config;
    }

    /** @return the name of the suite's own database (the pool's, holding the shared tables) */
    final String database() {
        return database;
    }

    @Override
    protected final Isolation isolation() {
        return isolation;
    }

    /** Schema isolation: a tenant database named at random, remembered for dropping. */
    @Override
    protected final TenantScope scopeFor(String tenantId, String which) {
        if (isolation != Isolation.SCHEMA) {
            return super.scopeFor(tenantId, which);
        }
        String schema = MysqlTestSupport.uniqueName("my_it_t" + which);
        schemas.add(schema);
        return new TenantScope(tenantId, "conf-" + schema.replace('_', '-'), isolation, schema);
    }

    @Override
    protected void afterSuite() {
        List<String> all = new ArrayList<>(schemas);
        all.add(database);
        MysqlTestSupport.dropDatabases(all.toArray(String[]::new));
    }
}
