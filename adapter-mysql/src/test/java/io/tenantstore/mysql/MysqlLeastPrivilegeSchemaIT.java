package io.tenantstore.mysql;

import io.tenantstore.Isolation;

/** The least-privilege suite with {@code schema} isolation: a runtime login with data rights only. */
class MysqlLeastPrivilegeSchemaIT extends MysqlLeastPrivilegeSuite {
    MysqlLeastPrivilegeSchemaIT() {
        super(Isolation.SCHEMA);
    }
}
