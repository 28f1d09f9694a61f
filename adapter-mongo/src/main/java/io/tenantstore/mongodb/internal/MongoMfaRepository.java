package io.tenantstore.mongodb.internal;

import static io.tenantstore.mongodb.internal.TenantContext.date;
import static io.tenantstore.mongodb.internal.TenantContext.instant;
import static io.tenantstore.mongodb.internal.TenantContext.instantOrNull;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import com.mongodb.MongoException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.tenantstore.spi.Text;
import io.tenantstore.spi.InputRules;
import io.tenantstore.InvalidInputException;
import io.tenantstore.Secret;
import io.tenantstore.model.MfaTotp;
import io.tenantstore.repository.MfaRepository;
import io.tenantstore.spi.DataSecretCipher;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * TOTP enrolments ({@code mfa_totp}, one document per user), recovery codes
 * ({@code mfa_recovery_codes}, one document per code) and trusted devices
 * ({@code mfa_trusted_devices}) of one tenant.
 *
 * <p>Every check-and-set is one conditional single-document update, so it is atomic without
 * transactions: a recovery code is marked used only if it is unused ({@code usedAt: null}), and
 * a TOTP step is recorded only if it is newer than the last one. Replacing recovery codes deletes
 * the old ones before inserting the new ones, so no moment accepts both sets. Thread-safe.
 */
final class MongoMfaRepository implements MfaRepository {
    // Two first-time upserts of one key race to insert; the loser sees a duplicate key and, on its
    // second attempt, finds the winner's document and updates it.
    private static final int UPSERT_ATTEMPTS = 2;

    /** The associated-data field of the TOTP seed, as on the SQL engines. */
    static final String TOTP_FIELD = "mfa.totp";

    private final TenantContext ctx;
    private final DataSecretCipher cipher;

    /** @param ctx the bound tenant @param cipher encrypts TOTP seeds with the store's keyring */
    MongoMfaRepository(TenantContext ctx, DataSecretCipher cipher) {
        this.ctx = ctx;
        this.cipher = cipher;
    }

    @Override
    public MfaTotp upsertTotp(String userId, Secret secret) {
        Objects.requireNonNull(secret, "secret");
        ctx.requireUser(userId);
        // Encrypted before anything is sent: without a keyring nothing is written.
        String stored = cipher.encrypt(ctx.tenantId(), userId, TOTP_FIELD, secret);
        Instant now = ctx.now();
        Bson change = Updates.combine(
                Updates.set(Fields.SECRET, stored),
                Updates.set(Fields.CONFIRMED, false),
                Updates.set(Fields.LAST_USED_STEP, null),
                Updates.set(Fields.CREATED_AT, date(now)),
                Updates.set(Fields.CONFIRMED_AT, null));
        Document doc = upsert("enrol TOTP", db -> db.mfaTotp().findOneAndUpdate(byUser(userId), change,
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER)));
        return new MfaTotp(doc.getString(Fields.USER_ID), secret, false, null, instant(doc, Fields.CREATED_AT), null);
    }

    @Override
    public boolean confirmTotp(String userId) {
        InputRules.id("user id", userId);
        Instant now = ctx.now();
        return ctx.call("confirm TOTP", db -> db.mfaTotp().updateOne(
                ctx.filter(Filters.eq(Fields.USER_ID, userId), Filters.eq(Fields.CONFIRMED, false)),
                Updates.combine(Updates.set(Fields.CONFIRMED, true), Updates.set(Fields.CONFIRMED_AT, date(now))))
                .getModifiedCount() > 0);
    }

    @Override
    public Optional<MfaTotp> getTotp(String userId) {
        InputRules.id("user id", userId);
        return Optional.ofNullable(ctx.call("get TOTP", db -> db.mfaTotp().find(byUser(userId)).first()))
                .map(this::toTotp);
    }

    @Override
    public boolean markTotpUsed(String userId, long step) {
        InputRules.id("user id", userId);
        if (step < 0) {
            throw new InvalidInputException("TOTP step must not be negative: " + step);
        }
        // One conditional update: of two callers presenting the same step, one records it.
        Bson newer = Filters.or(Filters.eq(Fields.LAST_USED_STEP, null), Filters.lt(Fields.LAST_USED_STEP, step));
        return ctx.call("mark TOTP step used", db -> db.mfaTotp().updateOne(
                ctx.filter(Filters.eq(Fields.USER_ID, userId), newer), Updates.set(Fields.LAST_USED_STEP, step))
                .getModifiedCount() > 0);
    }

    @Override
    public boolean disableTotp(String userId) {
        InputRules.id("user id", userId);
        return ctx.call("disable TOTP", db -> db.mfaTotp().deleteOne(byUser(userId)).getDeletedCount() > 0);
    }

    @Override
    public void setRecoveryCodes(String userId, List<String> codeHashes) {
        Objects.requireNonNull(codeHashes, "codeHashes");
        if (codeHashes.size() > InputRules.MAX_RECOVERY_CODES) {
            throw new InvalidInputException("at most " + InputRules.MAX_RECOVERY_CODES + " recovery codes: "
                    + codeHashes.size());
        }
        LinkedHashSet<String> unique = new LinkedHashSet<>();
        for (String h : codeHashes) {
            if (!unique.add(InputRules.hash("recovery code hash", h, InputRules.MAX_HASH))) {
                throw new InvalidInputException("recovery code hashes must be distinct; one appears twice");
            }
        }
        ctx.requireUser(userId);
        Instant now = ctx.now();
        List<Document> docs = new ArrayList<>(unique.size());
        for (String h : unique) {
            docs.add(ctx.newDocument().append(Fields.USER_ID, userId).append(Fields.CODE_HASH, h)
                    .append(Fields.USED_AT, null).append(Fields.CREATED_AT, date(now)));
        }
        // Delete and insert are two operations and there are no transactions: a per-user lease on
        // the user's document serialises replacements, so two racing calls cannot both leave codes.
        String lease = lockRecoveryCodes(userId);
        try {
            // One write per call (a call may be repeated after a refused login); the old codes go first.
            ctx.call("set recovery codes", db -> db.recoveryCodes().deleteMany(byUser(userId)));
            if (!docs.isEmpty()) {
                ctx.call("set recovery codes", db -> db.recoveryCodes().insertMany(docs));
            }
        } finally {
            ctx.call("set recovery codes", db -> db.users().updateOne(
                    ctx.filter(Filters.eq(StoreCollections.ID, userId), Filters.eq(RECOVERY_LEASE, lease)),
                    Updates.combine(Updates.unset(RECOVERY_LEASE), Updates.unset(RECOVERY_LEASE_UNTIL))));
        }
    }

    /** Field of a user document holding the recovery-code replacement lease. */
    private static final String RECOVERY_LEASE = "recoveryCodesLease";
    private static final String RECOVERY_LEASE_UNTIL = "recoveryCodesLeaseUntil";
    /** A lease left by a crashed process expires after this. */
    private static final Duration RECOVERY_LEASE_TIME = Duration.ofSeconds(30);
    private static final int RECOVERY_LEASE_ATTEMPTS = 400;

    private String lockRecoveryCodes(String userId) {
        String lease = java.util.UUID.randomUUID().toString();
        for (int attempt = 0; attempt < RECOVERY_LEASE_ATTEMPTS; attempt++) {
            Instant now = ctx.now();
            Document taken = ctx.call("set recovery codes", db -> db.users().findOneAndUpdate(
                    ctx.filter(Filters.eq(StoreCollections.ID, userId), Filters.or(Filters.eq(RECOVERY_LEASE, null),
                            Filters.lt(RECOVERY_LEASE_UNTIL, date(now)))),
                    Updates.combine(Updates.set(RECOVERY_LEASE, lease),
                            Updates.set(RECOVERY_LEASE_UNTIL, date(now.plus(RECOVERY_LEASE_TIME))))));
            if (taken != null) {
                return lease;
            }
            // Another replacement holds it for a few milliseconds: back off briefly and retry.
            java.util.concurrent.locks.LockSupport.parkNanos(Math.min(50, 1 + attempt) * 1_000_000L);
        }
        throw new io.tenantstore.UnavailableException(io.tenantstore.UnavailableException.Reason.CONTENTION,
                "set recovery codes in tenant " + Text.quote(ctx.slug()) + ": another replacement for user "
                        + Text.quote(userId) + " kept the lease", null);
    }

    @Override
    public boolean useRecoveryCode(String userId, String codeHash) {
        InputRules.id("user id", userId);
        Objects.requireNonNull(codeHash, "codeHash");
        Instant now = ctx.now();
        // Single-document atomic update: only the caller that flips usedAt from null wins.
        return ctx.call("use recovery code", db -> db.recoveryCodes().findOneAndUpdate(
                ctx.filter(Filters.eq(Fields.USER_ID, userId), Filters.eq(Fields.CODE_HASH, codeHash),
                        Filters.eq(Fields.USED_AT, null)),
                Updates.set(Fields.USED_AT, date(now))) != null);
    }

    @Override
    public int remainingRecoveryCodes(String userId) {
        InputRules.id("user id", userId);
        return ctx.call("count recovery codes", db -> (int) db.recoveryCodes().countDocuments(
                ctx.filter(Filters.eq(Fields.USER_ID, userId), Filters.eq(Fields.USED_AT, null))));
    }

    @Override
    public int deleteRecoveryCodes(String userId) {
        InputRules.id("user id", userId);
        return ctx.call("delete recovery codes",
                db -> (int) db.recoveryCodes().deleteMany(byUser(userId)).getDeletedCount());
    }

    @Override
    public void addTrustedDevice(String userId, String deviceHash, Duration ttl) {
        InputRules.hash("device hash", deviceHash, InputRules.MAX_HASH);
        InputRules.ttl("trusted device ttl", ttl);
        ctx.requireUser(userId);
        Instant now = ctx.now();
        Bson change = Updates.combine(Updates.set(Fields.EXPIRES_AT, date(now.plus(ttl))),
                Updates.set(Fields.CREATED_AT, date(now)));
        upsert("add trusted device", db -> db.trustedDevices().updateOne(
                ctx.filter(Filters.eq(Fields.USER_ID, userId), Filters.eq(Fields.DEVICE_HASH, deviceHash)),
                change, new UpdateOptions().upsert(true)));
    }

    @Override
    public boolean isTrustedDevice(String userId, String deviceHash) {
        InputRules.id("user id", userId);
        Objects.requireNonNull(deviceHash, "deviceHash");
        Instant now = ctx.now();
        return ctx.call("check trusted device", db -> db.trustedDevices().find(ctx.filter(
                Filters.eq(Fields.USER_ID, userId), Filters.eq(Fields.DEVICE_HASH, deviceHash),
                Filters.gt(Fields.EXPIRES_AT, date(now)))).first() != null);
    }

    @Override
    public int removeTrustedDevices(String userId) {
        InputRules.id("user id", userId);
        return ctx.call("remove trusted devices",
                db -> (int) db.trustedDevices().deleteMany(byUser(userId)).getDeletedCount());
    }

    private <T> T upsert(String operation, Function<DatabaseHandles, T> write) {
        return ctx.call(operation, db -> {
            for (int attempt = 1; ; attempt++) {
                try {
                    return write.apply(db);
                } catch (MongoException e) {
                    if (attempt >= UPSERT_ATTEMPTS || !MongoErrors.isDuplicateKey(e)) {
                        throw e;
                    }
                }
            }
        });
    }

    private Bson byUser(String userId) {
        return ctx.filter(Filters.eq(Fields.USER_ID, userId));
    }

    private MfaTotp toTotp(Document d) {
        Number step = d.get(Fields.LAST_USED_STEP, Number.class);
        String user = d.getString(Fields.USER_ID);
        return new MfaTotp(user, cipher.decrypt(ctx.tenantId(), user, TOTP_FIELD, d.getString(Fields.SECRET)),
                Boolean.TRUE.equals(d.getBoolean(Fields.CONFIRMED)), step == null ? null : step.longValue(),
                instant(d, Fields.CREATED_AT), instantOrNull(d, Fields.CONFIRMED_AT));
    }

    /**
     * For key rotation: every TOTP seed of the tenant under the keyring's primary key; a seed
     * re-enrolled meanwhile (changed since it was read) is left as it is.
     *
     * @return how many seeds were re-encrypted
     */
    int reEncryptSecrets() {
        List<Document> all = ctx.call("list TOTP seeds", db -> db.mfaTotp().find(ctx.filter(Filters.exists(Fields.SECRET)))
                .into(new ArrayList<>()));
        int changed = 0;
        for (Document d : all) {
            String user = d.getString(Fields.USER_ID);
            String old = d.getString(Fields.SECRET);
            String fresh = cipher.reEncrypt(ctx.tenantId(), user, TOTP_FIELD, old);
            if (!fresh.equals(old)) {
                changed += (int) (long) ctx.call("re-encrypt a TOTP seed", db -> db.mfaTotp().updateOne(
                        Filters.and(byUser(user), Filters.eq(Fields.SECRET, old)),
                        Updates.set(Fields.SECRET, fresh)).getModifiedCount());
            }
        }
        return changed;
    }
}
