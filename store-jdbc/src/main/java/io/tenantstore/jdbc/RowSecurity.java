package io.tenantstore.jdbc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * How an engine enforces tenant separation in shared tables by itself (PostgreSQL row-level
 * security), on top of the {@code tenant_id} filter every statement carries. Immutable.
 *
 * <p>How the repositories use it: the tenant is set for the session ({@code sessionTenantSql}) and
 * stays on the pooled connection; the store tracks which tenant each physical connection carries,
 * so a statement of the tenant the connection served last goes alone, and otherwise is sent as
 * {@code sessionTenantSql; statement} in one round trip. What the store knows is recorded only
 * after the setting committed and forgotten on any failure (a rolled-back setting may revert, and
 * a setting that does not follow transactions is simply entered again). A
 * connection handed to the application through {@code unwrap} is forgotten at checkout, gets the
 * borrowing tenant's setting (or {@code sessionResetSql} when its target has no row-level
 * security) and is reset on return. {@code transactionTenantSql} is kept for engines and tools
 * that set the tenant per transaction; an engine that can only set it for the session (PostgreSQL
 * from version 7 of its row-level security scripts) gives the session form for both.
 *
 * <p>Where the engine can mark a session as one the store holds ({@code storeEntrySql}, PostgreSQL
 * 15 and later from version 8 of the scripts), a connection proves that once, answering a
 * challenge its session was given, and from then on moves between tenants with {@code switchSql; statement}
 * (no signature to check on the server). Entering a tenant with {@code sessionTenantSql}, which is
 * what a connection lent through {@code unwrap} gets, removes the mark first, so SQL the store did
 * not write never runs in a marked session.
 *
 * @param transactionTenantSql sets the tenant until the end of the current transaction; one
 *                             parameter, the tenant id as text, e.g.
 *                             {@code SELECT set_config('app.tenant_id', ?, true)}
 * @param sessionTenantSql     sets the tenant for the session; one parameter, e.g.
 *                             {@code SELECT set_config('app.tenant_id', ?, false)}
 * @param sessionResetSql      clears the session setting; no parameter
 * @param migrationLocation    Flyway location of the policies, applied after the tables to targets
 *                             that hold shared tenants, with its own history table
 * @param enforcedCheckSql     a query with one parameter (an unqualified table name, resolved on
 *                             the search path) returning one boolean row: whether the policies are
 *                             enforced on that table
 * @param keySql               a query without parameter returning one row with the key the
 *                             policies check the tenant setting with (see {@link #signedTenant}),
 *                             readable only by the login that owns the tables; empty when the
 *                             policies compare the bare tenant id
 * @param bypassCheckSql       a query without parameter returning one boolean row: whether the
 *                             current login bypasses the policies (superuser, BYPASSRLS)
 * @param ownerCheckSql        a query with one parameter (an unqualified table name) returning one
 *                             boolean row: whether the current login owns that table (and could
 *                             switch the policies off)
 * @param storeChallengeSql    a query without parameter returning one row with a fresh random
 *                             challenge for the session (a {@code long}); empty when the engine has
 *                             no mark for the store's sessions (every change of tenant then goes
 *                             through {@code sessionTenantSql})
 * @param storeEntrySql        enters a tenant and marks the session as one the store holds, using
 *                             up its challenge; two parameters: the tenant's signed value and
 *                             {@link #storeProof} for the challenge; empty without a challenge
 * @param switchSql            moves a marked session to another tenant without a signature; two
 *                             {@code long} parameters, the tenant id's most and least significant
 *                             64 bits ({@link java.util.UUID#getMostSignificantBits()}, then
 *                             {@link java.util.UUID#getLeastSignificantBits()}); empty without a
 *                             challenge
 * @param switchCheckSql       a query without parameter returning one boolean row: whether the
 *                             database has what the three statements above call, and it is what
 *                             the policies' owner defined (an older version of the policies, or
 *                             an older server, may have none); empty without a challenge
 * @param forgeCheckSql        a query without parameter returning one row: the rights of the current
 *                             login (its own or inherited) that would let raw SQL forge a session's
 *                             tenant or mark, read the key, or plant objects where the store's
 *                             statements resolve names, as one text, or NULL when it has none;
 *                             empty when the engine has nothing to check
 */
public record RowSecurity(String transactionTenantSql, String sessionTenantSql, String sessionResetSql,
                          String migrationLocation, String enforcedCheckSql, String keySql,
                          String bypassCheckSql, String ownerCheckSql, String storeChallengeSql,
                          String storeEntrySql, String switchSql, String switchCheckSql, String forgeCheckSql) {
    /** Rejects nulls, and a switch without its entry and check. */
    public RowSecurity {
        Objects.requireNonNull(transactionTenantSql, "transactionTenantSql");
        Objects.requireNonNull(sessionTenantSql, "sessionTenantSql");
        Objects.requireNonNull(sessionResetSql, "sessionResetSql");
        Objects.requireNonNull(migrationLocation, "migrationLocation");
        Objects.requireNonNull(enforcedCheckSql, "enforcedCheckSql");
        Objects.requireNonNull(keySql, "keySql");
        Objects.requireNonNull(bypassCheckSql, "bypassCheckSql");
        Objects.requireNonNull(ownerCheckSql, "ownerCheckSql");
        Objects.requireNonNull(storeChallengeSql, "storeChallengeSql");
        Objects.requireNonNull(storeEntrySql, "storeEntrySql");
        Objects.requireNonNull(switchSql, "switchSql");
        Objects.requireNonNull(switchCheckSql, "switchCheckSql");
        Objects.requireNonNull(forgeCheckSql, "forgeCheckSql");
        boolean none = storeChallengeSql.isEmpty();
        if (storeEntrySql.isEmpty() != none || switchSql.isEmpty() != none || switchCheckSql.isEmpty() != none) {
            throw new IllegalArgumentException("storeChallengeSql, storeEntrySql, switchSql and switchCheckSql go together");
        }
        if (!none && keySql.isEmpty()) {
            throw new IllegalArgumentException("marked sessions need a key (keySql)");
        }
    }

    /**
     * Policies that check a key, every change of tenant signed.
     *
     * @param transactionTenantSql see above
     * @param sessionTenantSql     see above
     * @param sessionResetSql      see above
     * @param migrationLocation    see above
     * @param enforcedCheckSql     see above
     * @param keySql               see above
     * @param bypassCheckSql       see above
     * @param ownerCheckSql        see above
     */
    public RowSecurity(String transactionTenantSql, String sessionTenantSql, String sessionResetSql,
                       String migrationLocation, String enforcedCheckSql, String keySql,
                       String bypassCheckSql, String ownerCheckSql) {
        this(transactionTenantSql, sessionTenantSql, sessionResetSql, migrationLocation, enforcedCheckSql, keySql,
                bypassCheckSql, ownerCheckSql, "", "", "", "", "");
    }

    /** @return whether sessions the store holds can be marked and then switched between tenants */
    public boolean switches() {
        return !switchSql.isEmpty();
    }

    /** @return this without marked sessions: every change of tenant through {@code sessionTenantSql} */
    public RowSecurity withoutSwitch() {
        return switches() ? new RowSecurity(transactionTenantSql, sessionTenantSql, sessionResetSql, migrationLocation,
                enforcedCheckSql, keySql, bypassCheckSql, ownerCheckSql, "", "", "", "", forgeCheckSql) : this;
    }

    /**
     * Policies on the bare tenant id, no login checks.
     *
     * @param transactionTenantSql see above
     * @param sessionTenantSql     see above
     * @param sessionResetSql      see above
     * @param migrationLocation    see above
     * @param enforcedCheckSql     see above
     */
    public RowSecurity(String transactionTenantSql, String sessionTenantSql, String sessionResetSql,
                       String migrationLocation, String enforcedCheckSql) {
        this(transactionTenantSql, sessionTenantSql, sessionResetSql, migrationLocation, enforcedCheckSql, "", "", "",
                "", "", "", "", "");
    }

    /**
     * The value the tenant setting carries when the policies check a key:
     * {@code <tenant id>.<hex sha256(key + ':' + tenant id)>}. Without the key no login can build
     * the value of any tenant, so setting it by hand moves a connection nowhere.
     *
     * @param key      the key read with {@link #keySql()}
     * @param tenantId the tenant id as canonical text
     * @return the setting's value
     */
    public static String signedTenant(String key, String tenantId) {
        return tenantId + "." + sha256Hex(key + ":" + tenantId);
    }

    /**
     * The proof that marks a session as one the store holds ({@code storeEntrySql}):
     * {@code hex(sha256(challenge + ':store:' + key))}, for the one challenge the session was given.
     * The key comes last, so a proof is never the tag of a tenant value (which hashes the key first).
     *
     * @param key       the key read with {@link #keySql()}
     * @param challenge the session's challenge ({@code storeChallengeSql})
     * @return the proof
     */
    public static String storeProof(String key, long challenge) {
        return sha256Hex(challenge + ":store:" + key);
    }

    private static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
