package io.tenantstore.jdbc.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import io.tenantstore.ConflictException;
import io.tenantstore.ErrorCode;
import io.tenantstore.InvalidInputException;
import io.tenantstore.spi.InputRules;
import io.tenantstore.spi.Text;
import io.tenantstore.model.NewIdentity;
import io.tenantstore.model.UserIdentity;
import io.tenantstore.repository.IdentityRepository;

/**
 * External identities of one tenant's users in {@code ts_user_identities}, and the password
 * identity of {@code ts_password_identities}. Unlinking runs in one transaction that first locks
 * the user's row (a no-op update, portable to every engine), so two concurrent unlinks of a
 * user's last two ways to sign in cannot both succeed. Thread-safe (immutable; each call takes its
 * own pooled connection).
 */
final class JdbcIdentityRepository implements IdentityRepository {
    private static final String COLUMNS = "user_id, provider, subject, email, email_verified, claims, created_at,"
            + " updated_at";
    private static final Session.RowReader<UserIdentity> IDENTITY = r -> new UserIdentity(r.id(1), r.string(2),
            r.string(3), r.nullableString(4), r.bool(5), r.nullableString(6), r.instant(7), r.instant(8));
    private static final ErrorContext READ = ErrorContext.of("read identities");
    private static final ErrorContext UNLINK = ErrorContext.of("unlink identity");

    /** The statements. */
    enum Sql implements StatementSet.Definition {
        INSERT(r -> r.stmt("INSERT INTO {ts_user_identities} (tenant_id, provider, subject, user_id, email,"
                + " email_verified, claims, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")),
        BY_PROVIDER_SUBJECT(r -> r.stmt("SELECT " + COLUMNS + " FROM {ts_user_identities}"
                + " WHERE tenant_id = ? AND provider = ? AND subject = ?")),
        BY_USER(r -> r.stmt("SELECT " + COLUMNS + " FROM {ts_user_identities} WHERE tenant_id = ? AND user_id = ?"
                + " ORDER BY provider, subject")),
        PASSWORD_OF_USER(r -> r.stmt("SELECT u.email, u.email_verified, p.updated_at FROM {ts_users} u"
                + " JOIN {ts_password_identities} p ON p.tenant_id = u.tenant_id AND p.user_id = u.id"
                + " WHERE u.tenant_id = ? AND u.id = ?")),
        LOCK_USER(r -> r.stmt("UPDATE {ts_users} SET updated_at = updated_at WHERE tenant_id = ? AND id = ?")),
        COUNT_EXTERNAL(r -> r.stmt("SELECT count(*) FROM {ts_user_identities} WHERE tenant_id = ? AND user_id = ?")),
        COUNT_PASSWORD(r -> r.stmt("SELECT count(*) FROM {ts_password_identities} WHERE tenant_id = ? AND user_id = ?")),
        DELETE(r -> r.stmt("DELETE FROM {ts_user_identities} WHERE tenant_id = ? AND provider = ? AND subject = ?"
                + " AND user_id = ?")),
        DELETE_PASSWORD(r -> r.stmt("DELETE FROM {ts_password_identities} WHERE tenant_id = ? AND user_id = ?"));

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

    JdbcIdentityRepository(SqlRunner runner, BoundTenant tenant, StatementSet<Sql> sql, Clock clock) {
        this.runner = runner;
        this.tenant = tenant;
        this.sql = sql;
        this.clock = clock;
    }

    @Override
    public UserIdentity link(String userId, NewIdentity identity) {
        UUID user = InputRules.uuid("user id", userId);
        Objects.requireNonNull(identity, "identity");
        String provider = external(identity.provider());
        String subject = InputRules.identityPart("identity subject", identity.subject());
        String email = identity.email() == null ? null : InputRules.email(identity.email());
        String claims = InputRules.jsonObject("identity claims", identity.claims(), InputRules.MAX_CLAIMS);
        Instant now = DbTime.now(clock);
        ErrorContext ctx = ErrorContext.of("link identity")
                .onConflict(c -> "identity " + Text.quote(provider) + " / " + Text.quote(subject)
                        + " is already linked to a user of tenant '" + tenant.slug() + "'")
                .onMissingReference(c -> "user '" + userId + "' not found in tenant '" + tenant.slug() + "'");
        runner.update(tenant, ctx, sql.get(Sql.INSERT), p -> p.uuid(tenant.id()).string(provider).string(subject)
                .uuid(user).nullableString(email).bool(identity.emailVerified()).nullableString(claims).instant(now)
                .instant(now));
        return new UserIdentity(user.toString(), provider, subject, email, identity.emailVerified(), claims, now, now);
    }

    @Override
    public boolean unlink(String userId, String provider, String subject) {
        UUID user = InputRules.uuid("user id", userId);
        String p = InputRules.identityPart("identity provider", provider);
        String s = InputRules.identityPart("identity subject", subject);
        boolean password = UserIdentity.PASSWORD.equals(p);
        if (password && !s.equalsIgnoreCase(userId)) {
            return false;
        }
        return runner.transaction(tenant, UNLINK, session -> {
            if (session.update(sql.get(Sql.LOCK_USER), b -> b.uuid(tenant.id()).uuid(user)) == 0) {
                return false;
            }
            long external = session.count(sql.get(Sql.COUNT_EXTERNAL), b -> b.uuid(tenant.id()).uuid(user));
            long passwords = session.count(sql.get(Sql.COUNT_PASSWORD), b -> b.uuid(tenant.id()).uuid(user));
            int removed = password
                    ? session.update(sql.get(Sql.DELETE_PASSWORD), b -> b.uuid(tenant.id()).uuid(user))
                    : session.update(sql.get(Sql.DELETE), b -> b.uuid(tenant.id()).string(p).string(s).uuid(user));
            if (removed == 0) {
                return false;
            }
            if (external + passwords - removed <= 0) {
                // thrown inside the transaction: the delete is rolled back
                throw lastWay(userId, p);
            }
            return true;
        });
    }

    @Override
    public Optional<UserIdentity> find(String provider, String subject) {
        String p = InputRules.identityPart("identity provider", provider);
        String s = InputRules.identityPart("identity subject", subject);
        return runner.one(tenant, READ, sql.get(Sql.BY_PROVIDER_SUBJECT),
                b -> b.uuid(tenant.id()).string(p).string(s), IDENTITY);
    }

    @Override
    public List<UserIdentity> list(String userId) {
        UUID user = InputRules.uuid("user id", userId);
        return runner.autoCommit(tenant, READ, session -> {
            List<UserIdentity> all = new ArrayList<>();
            session.one(sql.get(Sql.PASSWORD_OF_USER), b -> b.uuid(tenant.id()).uuid(user),
                    r -> new UserIdentity(user.toString(), UserIdentity.PASSWORD, user.toString(), r.string(1),
                            r.bool(2), null, r.instant(3), r.instant(3))).ifPresent(all::add);
            all.addAll(session.list(sql.get(Sql.BY_USER), b -> b.uuid(tenant.id()).uuid(user), IDENTITY));
            return all;
        });
    }

    private static String external(String provider) {
        String p = InputRules.identityPart("identity provider", provider);
        if (UserIdentity.PASSWORD.equals(p)) {
            throw new InvalidInputException("the password identity is set through users(), not linked");
        }
        return p;
    }

    static ConflictException lastWay(String userId, String provider) {
        return new ConflictException(ErrorCode.LAST_SIGN_IN_METHOD, "identity " + Text.quote(provider)
                + " is the only way user " + Text.quote(userId) + " signs in; link another one first");
    }
}
