package io.tenantstore.jdbc.internal;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import io.tenantstore.spi.InputRules;
import io.tenantstore.spi.ProfileRules;
import io.tenantstore.NotFoundException;
import io.tenantstore.PasswordHasher;
import io.tenantstore.model.Identity;
import io.tenantstore.model.NewUser;
import io.tenantstore.model.ProfileUpdate;
import io.tenantstore.model.User;
import io.tenantstore.model.UserAccount;
import io.tenantstore.model.UserPage;
import io.tenantstore.model.UserProfile;
import io.tenantstore.model.UserQuery;
import io.tenantstore.model.UserUpdate;
import io.tenantstore.repository.UserRepository;
import org.jspecify.annotations.Nullable;

/**
 * Users and password identities of one tenant. Emails are stored as given and compared through
 * their lower-cased form. Thread-safe (immutable; each call takes its own pooled connection).
 */
final class JdbcUserRepository implements UserRepository {
    private static final String PROFILE_COLUMNS = "given_name, family_name, picture_url, locale, zone_info,"
            + " phone_number, phone_number_verified, metadata";
    private static final String COLUMNS = "id, email, email_verified, display_name, disabled_at, disabled_by,"
            + " disabled_reason, disabled_until, created_at, updated_at, " + PROFILE_COLUMNS;
    private static final String U_COLUMNS = "u.id, u.email, u.email_verified, u.display_name, u.disabled_at,"
            + " u.disabled_by, u.disabled_reason, u.disabled_until, u.created_at, u.updated_at, u.given_name,"
            + " u.family_name, u.picture_url, u.locale, u.zone_info, u.phone_number, u.phone_number_verified,"
            + " u.metadata";
    /** Columns of {@link #COLUMNS}; the password columns of getByEmail follow. */
    private static final int USER_COLUMN_COUNT = 18;
    private static final Session.RowReader<User> USER = r -> readUser(r, 1);
    private static final ErrorContext GET = ErrorContext.of("read user");
    private static final ErrorContext LIST = ErrorContext.of("list users");
    private static final ErrorContext DELETE = ErrorContext.of("delete user");
    private static final ErrorContext CHECK = ErrorContext.of("check password");

    // Prefix search: each key column is compared as an index range (binary collation: code-point
    // order), so every engine answers from the (tenant_id, key) indexes.
    private static final String SEARCH = " AND ((email_normalized >= ? AND email_normalized < ?)"
            + " OR (display_name_key >= ? AND display_name_key < ?)"
            + " OR (given_name_key >= ? AND given_name_key < ?)"
            + " OR (family_name_key >= ? AND family_name_key < ?))";
    // email_verified first: MySQL evaluates SET from left to right with the new values
    private static final String UPDATE = "UPDATE {ts_users} SET"
            + " email_verified = CASE WHEN email_normalized = COALESCE(?, email_normalized)"
            + " THEN email_verified ELSE FALSE END,"
            + " email = COALESCE(?, email), email_normalized = COALESCE(?, email_normalized),"
            + " display_name = COALESCE(?, display_name), display_name_key = COALESCE(?, display_name_key),"
            + " updated_at = ? WHERE tenant_id = ? AND id = ?";
    // Each part: CASE WHEN <named> THEN <value> ELSE <kept> END. phone_number_verified first (MySQL
    // evaluates SET from left to right with the new values): the named flag, else false when the
    // number is cleared or changed, else kept.
    private static final String PROFILE_WRITE = "UPDATE {ts_users} SET"
            + " phone_number_verified = CASE WHEN ? THEN ? WHEN ? THEN FALSE"
            + " WHEN ? AND (phone_number IS NULL OR phone_number <> ?) THEN FALSE ELSE phone_number_verified END,"
            + " given_name = CASE WHEN ? THEN ? ELSE given_name END,"
            + " given_name_key = CASE WHEN ? THEN ? ELSE given_name_key END,"
            + " family_name = CASE WHEN ? THEN ? ELSE family_name END,"
            + " family_name_key = CASE WHEN ? THEN ? ELSE family_name_key END,"
            + " picture_url = CASE WHEN ? THEN ? ELSE picture_url END,"
            + " locale = CASE WHEN ? THEN ? ELSE locale END,"
            + " zone_info = CASE WHEN ? THEN ? ELSE zone_info END,"
            + " phone_number = CASE WHEN ? THEN ? ELSE phone_number END,"
            + " metadata = CASE WHEN ? THEN ? ELSE metadata END,"
            + " updated_at = ? WHERE tenant_id = ? AND id = ?";
    private static final String DISABLE = "UPDATE {ts_users} SET disabled_at = ?, disabled_by = ?,"
            + " disabled_reason = ?, disabled_until = ?, updated_at = ? WHERE tenant_id = ? AND id = ?";
    private static final String ENABLE = "UPDATE {ts_users} SET disabled_at = NULL, disabled_by = NULL,"
            + " disabled_reason = NULL, disabled_until = NULL, updated_at = ? WHERE tenant_id = ? AND id = ?";
    private static final String SET_VERIFIED = "UPDATE {ts_users} SET email_verified = ?, updated_at = ?"
            + " WHERE tenant_id = ? AND id = ?";
    private static final String RETURNING = " RETURNING " + COLUMNS;

    /** The statements; the RETURNING ones only where the dialect supports it. */
    enum Sql implements StatementSet.Definition {
        INSERT_USER(r -> r.stmt("INSERT INTO {ts_users} (tenant_id, id, email, email_normalized, email_verified,"
                + " display_name, display_name_key, created_at, updated_at, " + PROFILE_COLUMNS
                + ", given_name_key, family_name_key)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")),
        INSERT_PASSWORD(r -> r.stmt("INSERT INTO {ts_password_identities} (tenant_id, user_id, password_hash,"
                + " updated_at) VALUES (?, ?, ?, ?)")),
        BY_ID(r -> r.stmt("SELECT " + COLUMNS + " FROM {ts_users} WHERE tenant_id = ? AND id = ?")),
        BY_EMAIL(r -> r.stmt("SELECT " + U_COLUMNS + ", p.password_hash, p.updated_at FROM {ts_users} u"
                + " LEFT JOIN {ts_password_identities} p ON p.tenant_id = u.tenant_id AND p.user_id = u.id"
                + " WHERE u.tenant_id = ? AND u.email_normalized = ?")),
        LIST_FIRST(r -> r.stmt("SELECT " + COLUMNS + " FROM {ts_users} WHERE tenant_id = ? ORDER BY id LIMIT ?")),
        LIST_AFTER(r -> r.stmt("SELECT " + COLUMNS + " FROM {ts_users} WHERE tenant_id = ? AND id > ?"
                + " ORDER BY id LIMIT ?")),
        SEARCH_FIRST(r -> r.stmt("SELECT " + COLUMNS + " FROM {ts_users} WHERE tenant_id = ?" + SEARCH
                + " ORDER BY id LIMIT ?")),
        SEARCH_AFTER(r -> r.stmt("SELECT " + COLUMNS + " FROM {ts_users} WHERE tenant_id = ? AND id > ?" + SEARCH
                + " ORDER BY id LIMIT ?")),
        UPDATE_USER(r -> r.stmt(UPDATE)),
        UPDATE_USER_RETURNING(r -> r.stmt(UPDATE + RETURNING)),
        UPDATE_PROFILE(r -> r.stmt(PROFILE_WRITE)),
        UPDATE_PROFILE_RETURNING(r -> r.stmt(PROFILE_WRITE + RETURNING)),
        DISABLE_USER(r -> r.stmt(DISABLE)),
        DISABLE_USER_RETURNING(r -> r.stmt(DISABLE + RETURNING)),
        ENABLE_USER(r -> r.stmt(ENABLE)),
        ENABLE_USER_RETURNING(r -> r.stmt(ENABLE + RETURNING)),
        SET_EMAIL_VERIFIED(r -> r.stmt(SET_VERIFIED)),
        SET_EMAIL_VERIFIED_RETURNING(r -> r.stmt(SET_VERIFIED + RETURNING)),
        DELETE_USER(r -> r.stmt("DELETE FROM {ts_users} WHERE tenant_id = ? AND id = ?")),
        UPSERT_PASSWORD(r -> r.stmt(r.dialect().upsert(r.table("ts_password_identities"),
                List.of("tenant_id", "user_id", "password_hash", "updated_at"),
                List.of("tenant_id", "user_id"), List.of("password_hash", "updated_at")))),
        PASSWORD_CHECK(r -> r.stmt("SELECT p.password_hash, u.disabled_at, u.disabled_until FROM {ts_users} u"
                + " JOIN {ts_password_identities} p ON p.tenant_id = u.tenant_id AND p.user_id = u.id"
                + " WHERE u.tenant_id = ? AND u.id = ?"));

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
    private final PasswordHasher hasher;

    JdbcUserRepository(SqlRunner runner, BoundTenant tenant, StatementSet<Sql> sql, Clock clock, PasswordHasher hasher) {
        this.runner = runner;
        this.tenant = tenant;
        this.sql = sql;
        this.clock = clock;
        this.hasher = hasher;
    }

    @Override
    public User create(NewUser user) {
        Objects.requireNonNull(user, "user");
        String email = user.email();
        String normalized = InputRules.normalizedEmail(email);
        String display = InputRules.optionalText("display name", user.displayName(), InputRules.MAX_DISPLAY_NAME);
        UserProfile profile = ProfileRules.check(user.profile());
        String hash = user.passwordHash() == null ? null
                : InputRules.hash("password hash", user.passwordHash(), InputRules.MAX_PASSWORD_HASH);
        Instant now = DbTime.now(clock);
        UUID id = InputRules.newId(now);
        UUID t = tenant.id();
        ErrorContext ctx = ErrorContext.of("create user")
                .onConflict(c -> "email '" + email + "' is already used in tenant '" + tenant.slug() + "'");
        Session.Binder insert = p -> p.uuid(t).uuid(id).string(email).string(normalized).bool(user.emailVerified())
                .nullableString(display).nullableString(ProfileRules.searchKey(display)).instant(now).instant(now)
                .nullableString(profile.givenName()).nullableString(profile.familyName())
                .nullableString(profile.pictureUrl()).nullableString(profile.locale())
                .nullableString(profile.zoneInfo()).nullableString(profile.phoneNumber())
                .bool(profile.phoneNumberVerified()).nullableString(profile.metadata())
                .nullableString(ProfileRules.searchKey(profile.givenName()))
                .nullableString(ProfileRules.searchKey(profile.familyName()));
        if (hash == null) {
            runner.update(tenant, ctx, sql.get(Sql.INSERT_USER), insert);
        } else {
            runner.transaction(tenant, ctx, s -> {
                s.update(sql.get(Sql.INSERT_USER), insert);
                s.update(sql.get(Sql.INSERT_PASSWORD), p -> p.uuid(t).uuid(id).string(hash).instant(now));
                return null;
            });
        }
        return new User(id.toString(), email, user.emailVerified(), display, null, now, now, profile);
    }

    @Override
    public Optional<User> getById(String id) {
        UUID uid = InputRules.uuid("user id", id);
        return runner.one(tenant, GET, sql.get(Sql.BY_ID), p -> p.uuid(tenant.id()).uuid(uid), USER);
    }

    @Override
    public Optional<UserAccount> getByEmail(String email) {
        String normalized = InputRules.normalizedEmail(email);
        return runner.one(tenant, GET, sql.get(Sql.BY_EMAIL), p -> p.uuid(tenant.id()).string(normalized), r -> {
            User u = readUser(r, 1);
            String hash = r.nullableString(USER_COLUMN_COUNT + 1);
            Identity identity = hash == null ? null : new Identity(u.id(), hash, r.instant(USER_COLUMN_COUNT + 2));
            return new UserAccount(u, identity);
        });
    }

    @Override
    public UserPage list(UserQuery query) {
        Objects.requireNonNull(query, "query");
        UUID after = query.cursor() == null ? null : InputRules.uuid("cursor", query.cursor());
        String from = ProfileRules.searchPrefix(query.search());
        String to = from == null ? null : ProfileRules.prefixUpperBound(from);
        Stmt stmt = from == null ? (after == null ? sql.get(Sql.LIST_FIRST) : sql.get(Sql.LIST_AFTER))
                : (after == null ? sql.get(Sql.SEARCH_FIRST) : sql.get(Sql.SEARCH_AFTER));
        int limit = query.limit();
        List<User> rows = runner.list(tenant, LIST, stmt, p -> {
            p.uuid(tenant.id());
            if (after != null) {
                p.uuid(after);
            }
            if (from != null) {
                for (int i = 0; i < 4; i++) {
                    p.string(from).string(to);
                }
            }
            // one more than asked tells whether there is a next page
            p.integer(limit + 1);
        }, USER);
        if (rows.size() > limit) {
            List<User> page = rows.subList(0, limit);
            return new UserPage(page, page.get(limit - 1).id());
        }
        return new UserPage(rows, null);
    }

    @Override
    public User update(String id, UserUpdate update) {
        Objects.requireNonNull(update, "update");
        UUID uid = InputRules.uuid("user id", id);
        String email = update.email();
        String normalized = email == null ? null : InputRules.normalizedEmail(email);
        String display = InputRules.optionalText("display name", update.displayName(), InputRules.MAX_DISPLAY_NAME);
        Instant now = DbTime.now(clock);
        ErrorContext ctx = ErrorContext.of("update user")
                .onConflict(c -> "email '" + email + "' is already used in tenant '" + tenant.slug() + "'");
        return write(ctx, id, uid, Sql.UPDATE_USER, Sql.UPDATE_USER_RETURNING, p -> p.nullableString(normalized)
                .nullableString(email).nullableString(normalized).nullableString(display)
                .nullableString(ProfileRules.searchKey(display)).instant(now).uuid(tenant.id()).uuid(uid));
    }

    @Override
    public User updateProfile(String id, ProfileUpdate update) {
        UUID uid = InputRules.uuid("user id", id);
        ProfileUpdate u = ProfileRules.check(update);
        Instant now = DbTime.now(clock);
        boolean phoneNamed = u.changes(ProfileUpdate.Field.PHONE_NUMBER);
        String phone = u.value(ProfileUpdate.Field.PHONE_NUMBER);
        Boolean verified = u.phoneNumberVerified();
        return write(ErrorContext.of("update user profile"), id, uid, Sql.UPDATE_PROFILE, Sql.UPDATE_PROFILE_RETURNING,
                p -> {
                    p.bool(verified != null).bool(verified != null && verified)
                            .bool(phoneNamed && phone == null).bool(phoneNamed && phone != null)
                            .string(phone == null ? "" : phone);
                    part(p, u, ProfileUpdate.Field.GIVEN_NAME, false);
                    part(p, u, ProfileUpdate.Field.GIVEN_NAME, true);
                    part(p, u, ProfileUpdate.Field.FAMILY_NAME, false);
                    part(p, u, ProfileUpdate.Field.FAMILY_NAME, true);
                    part(p, u, ProfileUpdate.Field.PICTURE_URL, false);
                    part(p, u, ProfileUpdate.Field.LOCALE, false);
                    part(p, u, ProfileUpdate.Field.ZONE_INFO, false);
                    part(p, u, ProfileUpdate.Field.PHONE_NUMBER, false);
                    part(p, u, ProfileUpdate.Field.METADATA, false);
                    p.instant(now).uuid(tenant.id()).uuid(uid);
                });
    }

    /** Binds {@code CASE WHEN <named> THEN <value>}: the value, or its search key. */
    private static void part(Params p, ProfileUpdate u, ProfileUpdate.Field field, boolean key) throws SQLException {
        String value = u.value(field);
        p.bool(u.changes(field)).nullableString(key ? ProfileRules.searchKey(value) : value);
    }

    @Override
    public boolean delete(String id) {
        UUID uid = InputRules.uuid("user id", id);
        return runner.update(tenant, DELETE, sql.get(Sql.DELETE_USER), p -> p.uuid(tenant.id()).uuid(uid)) > 0;
    }

    @Override
    public User disable(String id, String by, String reason, @Nullable Instant until) {
        UUID uid = InputRules.uuid("user id", id);
        String who = InputRules.text("disabled by", by, 256);
        String why = InputRules.text("disable reason", reason, InputRules.MAX_TEXT);
        Instant now = DbTime.now(clock);
        Instant end = until == null ? null : DbTime.of(until);
        return write(ErrorContext.of("disable user"), id, uid, Sql.DISABLE_USER, Sql.DISABLE_USER_RETURNING,
                p -> p.instant(now).string(who).string(why).instant(end).instant(now).uuid(tenant.id()).uuid(uid));
    }

    @Override
    public User enable(String id) {
        UUID uid = InputRules.uuid("user id", id);
        Instant now = DbTime.now(clock);
        return write(ErrorContext.of("enable user"), id, uid, Sql.ENABLE_USER, Sql.ENABLE_USER_RETURNING,
                p -> p.instant(now).uuid(tenant.id()).uuid(uid));
    }

    @Override
    public User setEmailVerified(String id, boolean verified) {
        UUID uid = InputRules.uuid("user id", id);
        Instant now = DbTime.now(clock);
        return write(ErrorContext.of("set email verified"), id, uid, Sql.SET_EMAIL_VERIFIED, Sql.SET_EMAIL_VERIFIED_RETURNING,
                p -> p.bool(verified).instant(now).uuid(tenant.id()).uuid(uid));
    }

    @Override
    public void updatePasswordHash(String id, String hash) {
        UUID uid = InputRules.uuid("user id", id);
        String h = InputRules.hash("password hash", hash, InputRules.MAX_PASSWORD_HASH);
        Instant now = DbTime.now(clock);
        ErrorContext ctx = ErrorContext.of("update password")
                .onMissingReference(c -> notFoundMessage(id));
        runner.update(tenant, ctx, sql.get(Sql.UPSERT_PASSWORD), p -> p.uuid(tenant.id()).uuid(uid).string(h).instant(now));
    }

    @Override
    public void setPassword(String id, char[] password) {
        Objects.requireNonNull(password, "password");
        InputRules.uuid("user id", id);
        updatePasswordHash(id, hasher.hash(password));
    }

    /**
     * Reads the hash and disablement in one query and verifies with the store's hasher. An
     * unknown user returns without hashing, so the call is faster than for a known one; ids are
     * not secrets the way emails are, so this reveals nothing a caller does not have.
     */
    @Override
    public boolean checkPassword(String id, char[] password) {
        Objects.requireNonNull(password, "password");
        UUID uid = InputRules.uuid("user id", id);
        Optional<PasswordRow> row = runner.one(tenant, CHECK, sql.get(Sql.PASSWORD_CHECK),
                p -> p.uuid(tenant.id()).uuid(uid),
                r -> new PasswordRow(r.string(1), r.nullableInstant(2), r.nullableInstant(3)));
        if (row.isEmpty()) {
            return false;
        }
        PasswordRow pw = row.get();
        Instant now = clock.instant();
        if (pw.disabledAt() != null && (pw.disabledUntil() == null || now.isBefore(pw.disabledUntil()))) {
            return false;
        }
        return hasher.verify(password, pw.hash());
    }

    private record PasswordRow(String hash, @Nullable Instant disabledAt, @Nullable Instant disabledUntil) {
        @Override
        public String toString() {
            return "PasswordRow[hash=****]";
        }
    }

    /** Writes and returns the row: one statement with RETURNING, else update and re-read in a transaction. */
    private User write(ErrorContext ctx, String id, UUID uid, Sql write, Sql writeReturning, Session.Binder binder) {
        Optional<User> user;
        if (runner.dialect().supportsReturning()) {
            user = runner.one(tenant, ctx, sql.get(writeReturning), binder, USER);
        } else {
            user = runner.transaction(tenant, ctx, s -> s.update(sql.get(write), binder) == 0 ? Optional.<User>empty()
                    : s.one(sql.get(Sql.BY_ID), p -> p.uuid(tenant.id()).uuid(uid), USER));
        }
        return user.orElseThrow(() -> new NotFoundException(notFoundMessage(id)));
    }

    private String notFoundMessage(String id) {
        return "user '" + id + "' not found in tenant '" + tenant.slug() + "'";
    }

    static User readUser(Row r, int c) throws SQLException {
        Instant disabledAt = r.nullableInstant(c + 4);
        User.Disablement disabled = disabledAt == null ? null
                : new User.Disablement(disabledAt, r.string(c + 5), r.string(c + 6), r.nullableInstant(c + 7));
        UserProfile profile = new UserProfile(r.nullableString(c + 10), r.nullableString(c + 11),
                r.nullableString(c + 12), r.nullableString(c + 13), r.nullableString(c + 14), r.nullableString(c + 15),
                r.bool(c + 16), r.nullableString(c + 17));
        return new User(r.id(c), r.string(c + 1), r.bool(c + 2), r.nullableString(c + 3), disabled,
                r.instant(c + 8), r.instant(c + 9), profile);
    }
}
