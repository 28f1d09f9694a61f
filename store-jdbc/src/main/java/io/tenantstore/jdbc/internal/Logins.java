package io.tenantstore.jdbc.internal;

import java.sql.SQLException;

/**
 * Tells a login the server refused (wrong or expired password) from other connect failures, on
 * every engine TenantStore ships: SQLState class {@code 28} (PostgreSQL {@code 28P01}, {@code 28000};
 * MySQL and MariaDB report {@code 28000}) or MySQL's vendor code 1045. Stateless, thread-safe.
 */
final class Logins {
    /** MySQL/MariaDB: access denied for user. */
    static final int MYSQL_ACCESS_DENIED = 1045;

    private Logins() {
    }

    /**
     * @param e a driver exception, or a pool's timeout with the driver's as cause
     * @return whether it, or a cause of it, says the server refused the login
     */
    static boolean refused(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException s) {
                String state = s.getSQLState();
                if ((state != null && state.startsWith("28")) || s.getErrorCode() == MYSQL_ACCESS_DENIED) {
                    return true;
                }
            }
        }
        return false;
    }
}
