package io.tenantstore.mysql;

import io.tenantstore.Isolation;

/**
 * The conformance suite with {@code shared} isolation and server-side prepared statements
 * ({@code useServerPrepStmts=true}, {@code cachePrepStmts=true}).
 */
class MysqlServerPreparedSharedIsolationIT extends MysqlConformanceSuite {
    MysqlServerPreparedSharedIsolationIT() {
        super(Isolation.SHARED, true);
    }
}
