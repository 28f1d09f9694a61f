package io.tenantstore.mysql;

import io.tenantstore.Isolation;

/**
 * The conformance suite with {@code schema} isolation and client-side prepared statements
 * (Connector/J's default, {@code useServerPrepStmts=false}).
 */
class MysqlSchemaIsolationIT extends MysqlConformanceSuite {
    MysqlSchemaIsolationIT() {
        super(Isolation.SCHEMA, false);
    }
}
