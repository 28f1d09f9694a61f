package io.tenantstore.jdbc;

import java.sql.SQLNonTransientException;

/**
 * Thrown by {@code unwrap} on a connection, statement, result set or metadata that TenantStore
 * handed to the application: the driver's own objects are not handed out, because they outlive
 * the borrowing (a driver connection stays usable after {@code close()}, while another tenant
 * holds it) and reach settings the store must control. SQLState {@code 0A000} (feature not
 * supported). Immutable.
 */
public final class DriverAccessRefusedException extends SQLNonTransientException {
    private static final long serialVersionUID = 1L;

    /** @param type the type asked for */
    public DriverAccessRefusedException(Class<?> type) {
        super("unwrap(" + type.getName() + ") refused: connections from TenantStore's unwrap(DataSource/Jdbi)"
                + " give only java.sql interfaces, never the driver's objects", "0A000");
    }
}
