package io.tenantstore.mysql;

import io.tenantstore.Isolation;

/**
 * The conformance suite with {@code database} isolation and server-side prepared statements
 * ({@code useServerPrepStmts=true}, {@code cachePrepStmts=true}).
 */
class MysqlServerPreparedDatabaseIsolationIT extends MysqlConformanceSuite {
    MysqlServerPreparedDatabaseIsolationIT() {
        super(Isolation.DATABASE, true);
    }
}
