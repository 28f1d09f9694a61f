package io.tenantstore.jdbc.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.tenantstore.spi.InputRules;
import io.tenantstore.InvalidInputException;
import io.tenantstore.Secret;
import io.tenantstore.model.MfaTotp;
import io.tenantstore.repository.MfaRepository;
import io.tenantstore.spi.DataSecretCipher;

/**
 * TOTP enrolments, recovery codes and trusted devices of one tenant. Every check-and-use is one
 * conditional UPDATE, so the database's row lock decides races (a recovery code is used once,
 * a TOTP step is accepted once). The TOTP seed must be read back to compute codes, so it is stored
 * encrypted with the store's keyring, bound to tenant, user and field (a store without a keyring
 * refuses to enrol). Thread-safe (immutable; each call takes its own pooled connection).
 */
final class JdbcMfaRepository implements MfaRepository {
    private static final ErrorContext READ = ErrorContext.of("read MFA");
    private static final ErrorContext WRITE = ErrorContext.of("update MFA");
    /** Longest seed: its encrypted form (enc:, base64 of seed + 33 bytes) fits the 512-character column. */
    static final int MAX_SECRET = 256;
    /** The associated-data field of the TOTP seed. */
    static final String TOTP_FIELD = "mfa.totp";

    /** The statements. */
    enum Sql implements StatementSet.Definition {
        UPSERT_TOTP(r -> r.stmt(r.dialect().upsert(r.table("ts_mfa_totp"),
                List.of("tenant_id", "user_id", "secret", "confirmed", "last_used_step", "created_at", "confirmed_at"),
                List.of("tenant_id", "user_id"),
                List.of("secret", "confirmed", "last_used_step", "created_at", "confirmed_at")))),
        CONFIRM_TOTP(r -> r.stmt("UPDATE {ts_mfa_totp} SET confirmed = TRUE, confirmed_at = ?"
                + " WHERE tenant_id = ? AND user_id = ? AND confirmed = FALSE")),
        GET_TOTP(r -> r.stmt("SELECT user_id, secret, confirmed, last_used_step, created_at, confirmed_at"
                + " FROM {ts_mfa_totp} WHERE tenant_id = ? AND user_id = ?")),
        MARK_TOTP_USED(r -> r.stmt("UPDATE {ts_mfa_totp} SET last_used_step = ? WHERE tenant_id = ? AND user_id = ?"
                + " AND (last_used_step IS NULL OR last_used_step < ?)")),
        DELETE_TOTP(r -> r.stmt("DELETE FROM {ts_mfa_totp} WHERE tenant_id = ? AND user_id = ?")),
        LIST_TOTP_SECRETS(r -> r.stmt("SELECT user_id, secret FROM {ts_mfa_totp} WHERE tenant_id = ?")),
        // Conditional: a seed re-enrolled meanwhile is already under the primary key and stays.
        REPLACE_TOTP_SECRET(r -> r.stmt("UPDATE {ts_mfa_totp} SET secret = ?"
                + " WHERE tenant_id = ? AND user_id = ? AND secret = ?")),
        DELETE_CODES(r -> r.stmt("DELETE FROM {ts_mfa_recovery_codes} WHERE tenant_id = ? AND user_id = ?")),
        // Serialises replacements of one user's codes: a delete alone does not see rows another
        // transaction inserts meanwhile, and both sets would stay valid.
        LOCK_USER(r -> r.stmt("SELECT id FROM {ts_users} WHERE tenant_id = ? AND id = ?" + r.dialect().rowLockClause())),
        INSERT_CODE(r -> r.stmt("INSERT INTO {ts_mfa_recovery_codes} (tenant_id, user_id, code_hash, created_at)"
                + " VALUES (?, ?, ?, ?)")),
        USE_CODE(r -> r.stmt("UPDATE {ts_mfa_recovery_codes} SET used_at = ?"
                + " WHERE tenant_id = ? AND user_id = ? AND code_hash = ? AND used_at IS NULL")),
        COUNT_CODES(r -> r.stmt("SELECT COUNT(*) FROM {ts_mfa_recovery_codes}"
                + " WHERE tenant_id = ? AND user_id = ? AND used_at IS NULL")),
        UPSERT_DEVICE(r -> r.stmt(r.dialect().upsert(r.table("ts_mfa_trusted_devices"),
                List.of("tenant_id", "user_id", "device_hash", "created_at", "expires_at"),
                List.of("tenant_id", "user_id", "device_hash"), List.of("created_at", "expires_at")))),
        TRUSTED_DEVICE(r -> r.stmt("SELECT COUNT(*) FROM {ts_mfa_trusted_devices}"
                + " WHERE tenant_id = ? AND user_id = ? AND device_hash = ? AND expires_at > ?")),
        DELETE_DEVICES(r -> r.stmt("DELETE FROM {ts_mfa_trusted_devices} WHERE tenant_id = ? AND user_id = ?"));

        private final StatementSet.Definition definition;

        Sql(StatementSet.Definition definition) {
            this.definition = definition;
        }

        @Override
        public Stmt render(SqlRenderer r) {
            return definition.render(r);
        }
    }

    private final SqlRunner runner;
    private final BoundTenant tenant;
    private final StatementSet<Sql> sql;
    private final Clock clock;
    private final DataSecretCipher cipher;

    JdbcMfaRepository(SqlRunner runner, BoundTenant tenant, StatementSet<Sql> sql, Clock clock,
                      DataSecretCipher cipher) {
        this.runner = runner;
        this.tenant = tenant;
        this.sql = sql;
        this.clock = clock;
        this.cipher = cipher;
    }

    private ErrorContext writing(String operation, String userId) {
        return ErrorContext.of(operation)
                .onMissingReference(c -> "user '" + userId + "' not found in tenant '" + tenant.slug() + "'");
    }

    @Override
    public MfaTotp upsertTotp(String userId, Secret secret) {
        UUID user = InputRules.uuid("user id", userId);
        Objects.requireNonNull(secret, "secret");
        String seed = secret.reveal();
        if (seed.length() > MAX_SECRET) {
            throw new InvalidInputException("TOTP secret must be at most " + MAX_SECRET + " characters");
        }
        // Encrypted before anything is sent: without a keyring nothing is written.
        String stored = cipher.encrypt(tenant.idText(), user.toString(), TOTP_FIELD, secret);
        Instant now = DbTime.now(clock);
        runner.update(tenant, writing("enrol TOTP", userId), sql.get(Sql.UPSERT_TOTP), p -> p.uuid(tenant.id()).uuid(user)
                .string(stored).bool(false).nullableLong(null).instant(now).instant(null));
        return new MfaTotp(user.toString(), secret, false, null, now, null);
    }

    @Override
    public boolean confirmTotp(String userId) {
        UUID user = InputRules.uuid("user id", userId);
        Instant now = DbTime.now(clock);
        return runner.update(tenant, WRITE, sql.get(Sql.CONFIRM_TOTP), p -> p.instant(now).uuid(tenant.id()).uuid(user)) > 0;
    }

    @Override
    public Optional<MfaTotp> getTotp(String userId) {
        UUID user = InputRules.uuid("user id", userId);
        return runner.one(tenant, READ, sql.get(Sql.GET_TOTP), p -> p.uuid(tenant.id()).uuid(user),
                r -> new MfaTotp(r.id(1), cipher.decrypt(tenant.idText(), r.id(1), TOTP_FIELD, r.string(2)), r.bool(3), r.nullableLong(4), r.instant(5),
                        r.nullableInstant(6)));
    }

    @Override
    public boolean markTotpUsed(String userId, long step) {
        UUID user = InputRules.uuid("user id", userId);
        if (step < 0) {
            throw new InvalidInputException("TOTP step must not be negative: " + step);
        }
        return runner.update(tenant, WRITE, sql.get(Sql.MARK_TOTP_USED),
                p -> p.longValue(step).uuid(tenant.id()).uuid(user).longValue(step)) > 0;
    }

    @Override
    public boolean disableTotp(String userId) {
        UUID user = InputRules.uuid("user id", userId);
        return runner.update(tenant, WRITE, sql.get(Sql.DELETE_TOTP), p -> p.uuid(tenant.id()).uuid(user)) > 0;
    }

    @Override
    public void setRecoveryCodes(String userId, List<String> codeHashes) {
        UUID user = InputRules.uuid("user id", userId);
        Objects.requireNonNull(codeHashes, "codeHashes");
        if (codeHashes.size() > InputRules.MAX_RECOVERY_CODES) {
            throw new InvalidInputException("at most " + InputRules.MAX_RECOVERY_CODES + " recovery codes: "
                    + codeHashes.size());
        }
        Set<String> seen = new HashSet<>();
        for (String h : codeHashes) {
            if (!seen.add(InputRules.hash("recovery code hash", h, InputRules.MAX_HASH))) {
                throw new InvalidInputException("recovery code hashes must be distinct");
            }
        }
        Instant now = DbTime.now(clock);
        List<Session.Binder> rows = new ArrayList<>(codeHashes.size());
        for (String h : codeHashes) {
            rows.add(p -> p.uuid(tenant.id()).uuid(user).string(h).instant(now));
        }
        runner.transaction(tenant, writing("set recovery codes", userId), s -> {
            s.one(sql.get(Sql.LOCK_USER), p -> p.uuid(tenant.id()).uuid(user), r -> Boolean.TRUE);
            s.update(sql.get(Sql.DELETE_CODES), p -> p.uuid(tenant.id()).uuid(user));
            s.batch(sql.get(Sql.INSERT_CODE), rows);
            return null;
        });
    }

    @Override
    public boolean useRecoveryCode(String userId, String codeHash) {
        UUID user = InputRules.uuid("user id", userId);
        String hash = InputRules.hash("recovery code hash", codeHash, InputRules.MAX_HASH);
        Instant now = DbTime.now(clock);
        return runner.update(tenant, WRITE, sql.get(Sql.USE_CODE),
                p -> p.instant(now).uuid(tenant.id()).uuid(user).string(hash)) == 1;
    }

    @Override
    public int remainingRecoveryCodes(String userId) {
        UUID user = InputRules.uuid("user id", userId);
        return (int) runner.count(tenant, READ, sql.get(Sql.COUNT_CODES), p -> p.uuid(tenant.id()).uuid(user));
    }

    @Override
    public int deleteRecoveryCodes(String userId) {
        UUID user = InputRules.uuid("user id", userId);
        return runner.update(tenant, WRITE, sql.get(Sql.DELETE_CODES), p -> p.uuid(tenant.id()).uuid(user));
    }

    @Override
    public void addTrustedDevice(String userId, String deviceHash, Duration ttl) {
        UUID user = InputRules.uuid("user id", userId);
        String hash = InputRules.hash("device hash", deviceHash, InputRules.MAX_HASH);
        Duration lifetime = InputRules.ttl("trusted device ttl", ttl);
        Instant now = DbTime.now(clock);
        runner.update(tenant, writing("trust device", userId), sql.get(Sql.UPSERT_DEVICE),
                p -> p.uuid(tenant.id()).uuid(user).string(hash).instant(now).instant(now.plus(lifetime)));
    }

    @Override
    public boolean isTrustedDevice(String userId, String deviceHash) {
        UUID user = InputRules.uuid("user id", userId);
        String hash = InputRules.hash("device hash", deviceHash, InputRules.MAX_HASH);
        Instant now = DbTime.now(clock);
        return runner.count(tenant, READ, sql.get(Sql.TRUSTED_DEVICE),
                p -> p.uuid(tenant.id()).uuid(user).string(hash).instant(now)) > 0;
    }

    @Override
    public int removeTrustedDevices(String userId) {
        UUID user = InputRules.uuid("user id", userId);
        return runner.update(tenant, WRITE, sql.get(Sql.DELETE_DEVICES), p -> p.uuid(tenant.id()).uuid(user));
    }

    /**
     * For key rotation: every TOTP seed of the tenant under the keyring's primary key.
     *
     * @return how many seeds were re-encrypted
     */
    int reEncryptSecrets() {
        record Stored(String userId, String secret) {
        }
        List<Stored> all = runner.list(tenant, READ, sql.get(Sql.LIST_TOTP_SECRETS), p -> p.uuid(tenant.id()),
                r -> new Stored(r.id(1), r.string(2)));
        int changed = 0;
        for (Stored s : all) {
            String fresh = cipher.reEncrypt(tenant.idText(), s.userId(), TOTP_FIELD, s.secret());
            if (!fresh.equals(s.secret())) {
                UUID user = UUID.fromString(s.userId());
                changed += runner.update(tenant, WRITE, sql.get(Sql.REPLACE_TOTP_SECRET),
                        p -> p.string(fresh).uuid(tenant.id()).uuid(user).string(s.secret()));
            }
        }
        return changed;
    }
}
