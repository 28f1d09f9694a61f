package io.tenantstore.mysql;

import io.tenantstore.Isolation;

/** The least-privilege suite with {@code shared} isolation: a runtime login with data rights only. */
class MysqlLeastPrivilegeSharedIT extends MysqlLeastPrivilegeSuite {
    MysqlLeastPrivilegeSharedIT() {
        super(Isolation.SHARED);
    }
}
