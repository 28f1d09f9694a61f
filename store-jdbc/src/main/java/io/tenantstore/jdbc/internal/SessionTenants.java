package io.tenantstore.jdbc.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.WeakHashMap;

import io.tenantstore.jdbc.RowSecurity;
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
 * Where the target can switch tenants (see {@link RowSecurity#switches()}), the map also knows
 * which sessions carry the store's mark: a connection without it proves itself once
 * ({@code storeEntrySql}) before it switches; lending it through {@code unwrap} removes the mark on
 * the server and forgets it here. An unknown connection always gets the setting, so a wrong guess
 * here costs a statement, never a tenant. Keys are the physical connections (the pool's wrapper is new at every checkout), held
 * weakly: a connection the pool closes leaves the map with it. Thread-safe.
 */
final class SessionTenants {
    /**
     * What one physical connection is known to carry.
     *
     * @param tenant the tenant setting
     * @param marked whether the session is marked as one the store holds (it may switch tenants)
     */
    record Carried(String tenant, boolean marked) {
    }

    private final Map<Connection, Carried> carried = new WeakHashMap<>();
    /** The key marked sessions are signed with, once the pool's guarded target can switch; else {@code null}. */
    private volatile @Nullable String sessionKey;

    /** @return the driver's connection under the pool's wrapper, the identity that lasts across checkouts */
    static Connection physical(Connection pooled) {
        try {
            return pooled.unwrap(Connection.class);
        } catch (SQLException | RuntimeException e) {
            return pooled;
        }
    }

    /** @param key the policies' key: from now on the store's sessions are marked with values signed with it */
    void markSessionsWith(String key) {
        sessionKey = key;
    }

    /**
     * @param challenge the challenge a session was given
     * @return the proof that marks that session as one the store holds
     */
    String storeProof(long challenge) {
        String key = sessionKey;
        if (key == null) {
            throw new IllegalStateException("no key to mark sessions with: the target does not switch tenants");
        }
        return RowSecurity.storeProof(key, challenge);
    }

    /** @param physical a physical connection @return what it is known to carry, or {@code null} */
    @Nullable Carried carried(Connection physical) {
        synchronized (carried) {
            return carried.get(physical);
        }
    }

    /**
     * @param physical a physical connection on which {@code value} was set and committed
     * @param value    the tenant setting
     * @param marked   whether its session is marked as the store's
     */
    void carries(Connection physical, String value, boolean marked) {
        synchronized (carried) {
            carried.put(physical, new Carried(value, marked));
        }
    }

    /** @param physical a physical connection whose setting (and mark) is no longer known */
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
