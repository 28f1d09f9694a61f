package io.tenantstore.mysql;

import io.tenantstore.Isolation;

/**
 * The conformance suite with {@code schema} isolation and server-side prepared statements
 * ({@code useServerPrepStmts=true}, {@code cachePrepStmts=true}).
 */
class MysqlServerPreparedSchemaIsolationIT extends MysqlConformanceSuite {
    MysqlServerPreparedSchemaIsolationIT() {
        super(Isolation.SCHEMA, true);
    }
}
