package io.tenantstore.jdbc.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.WeakHashMap;

import org.jspecify.annotations.Nullable;

/**
 * Which row-level security setting each physical connection of one pool is known to carry, so a
 * repository statement sets the tenant only when the connection carries another one (or nothing
 * known). The setting is session-scoped and stays on the connection when it goes back to the pool;
 * what keeps it from reaching anyone else:
 * <ul>
 *   <li>repository statements of a guarded target set their own tenant unless this map says the
 *       connection carries exactly it;</li>
 *   <li>a connection handed out through {@code unwrap} is forgotten here at checkout and gets the
 *       borrowing tenant's setting, or a cleared one, before the application sees it; on return it is
 *       reset ({@code DISCARD ALL}) and stays forgotten;</li>
 *   <li>an entry is written only after the statement (or the transaction) that set it succeeded; any
 *       failure forgets it, since a rolled-back setting reverts to an earlier value.</li>
 * </ul>
 * An unknown connection always gets the setting, so a wrong guess here costs a statement, never
 * a tenant. Keys are the physical connections (the pool's wrapper is new at every checkout), held
 * weakly: a connection the pool closes leaves the map with it. Thread-safe.
 */
final class SessionTenants {
    private final Map<Connection, String> carried = new WeakHashMap<>();

    /** @return the driver's connection under the pool's wrapper, the identity that lasts across checkouts */
    static Connection physical(Connection pooled) {
        try {
            return pooled.unwrap(Connection.class);
        } catch (SQLException | RuntimeException e) {
            return pooled;
        }
    }

    /** @param physical a physical connection @return the setting it is known to carry, or {@code null} */
    @Nullable String carried(Connection physical) {
        synchronized (carried) {
            return carried.get(physical);
        }
    }

    /** @param physical a physical connection on which {@code value} was set and committed */
    void carries(Connection physical, String value) {
        synchronized (carried) {
            carried.put(physical, value);
        }
    }

    /** @param physical a physical connection whose setting is no longer known */
    void forget(Connection physical) {
        synchronized (carried) {
            carried.remove(physical);
        }
    }

    /** @return how many connections have a known setting (tests) */
    int size() {
        synchronized (carried) {
            return carried.size();
        }
    }
}
