package io.tenantstore.mysql;

import io.tenantstore.Isolation;

/**
 * The conformance suite with {@code database} isolation and client-side prepared statements
 * (Connector/J's default, {@code useServerPrepStmts=false}).
 */
class MysqlDatabaseIsolationIT extends MysqlConformanceSuite {
    MysqlDatabaseIsolationIT() {
        super(Isolation.DATABASE, false);
    }
}
