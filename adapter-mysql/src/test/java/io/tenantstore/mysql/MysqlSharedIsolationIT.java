package io.tenantstore.mysql;

import io.tenantstore.Isolation;

/**
 * The conformance suite with {@code shared} isolation and client-side prepared statements
 * (Connector/J's default, {@code useServerPrepStmts=false}).
 */
class MysqlSharedIsolationIT extends MysqlConformanceSuite {
    MysqlSharedIsolationIT() {
        super(Isolation.SHARED, false);
    }
}
