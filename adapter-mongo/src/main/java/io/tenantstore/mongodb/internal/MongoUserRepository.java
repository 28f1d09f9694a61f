package io.tenantstore.mongodb.internal;

import static io.tenantstore.mongodb.internal.StoreCollections.ID;
import static io.tenantstore.mongodb.internal.TenantContext.date;
import static io.tenantstore.mongodb.internal.TenantContext.dateOrNull;
import static io.tenantstore.mongodb.internal.TenantContext.instant;
import static io.tenantstore.mongodb.internal.TenantContext.instantOrNull;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import com.mongodb.MongoException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.tenantstore.spi.Text;
import io.tenantstore.spi.InputRules;
import io.tenantstore.spi.ProfileRules;
import io.tenantstore.ConflictException;
import io.tenantstore.InvalidInputException;
import io.tenantstore.NotFoundException;
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
import org.bson.Document;
import org.bson.conversions.Bson;
import org.jspecify.annotations.Nullable;

/**
 * Users of one tenant in the {@code users} collection; the password identity is embedded in the
 * user document, so a user and its password change in one single-document write. Email
 * uniqueness ignores case through the lower-cased {@code emailLower} field and the unique index
 * {@code {tenantId, emailLower}} (no collation needed, so it also holds on servers without
 * collation support). Thread-safe.
 */
final class MongoUserRepository implements UserRepository {
    // A concurrent email change between reading and writing makes update() try again.
    private static final int UPDATE_ATTEMPTS = 3;
    private static final String CURSOR_PREFIX = "u:";
    private static final FindOneAndUpdateOptions RETURN_AFTER =
            new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER);

    // No foreign keys in MongoDB: a user's records in these go with it.
    private static final List<String> OWNED_BY_USER = List.of(StoreCollections.REFRESH_TOKENS,
            StoreCollections.ONE_TIME_TOKENS, StoreCollections.IDENTITIES,
            StoreCollections.MFA_TOTP, StoreCollections.MFA_RECOVERY_CODES, StoreCollections.MFA_TRUSTED_DEVICES,
            StoreCollections.CONSENTS, StoreCollections.USER_ROLES);

    private final TenantContext ctx;

    /** @param ctx the bound tenant */
    MongoUserRepository(TenantContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public User create(NewUser user) {
        String email = InputRules.email(user.email());
        String hash = user.passwordHash() == null ? null
                : InputRules.hash("password hash", user.passwordHash(), InputRules.MAX_PASSWORD_HASH);
        String displayName = InputRules.optionalText("display name", user.displayName(), InputRules.MAX_DISPLAY_NAME);
        UserProfile profile = ProfileRules.check(user.profile());
        Instant now = ctx.now();
        Document doc = ctx.newDocument()
                .append(ID, UUID.randomUUID().toString())
                .append(Fields.EMAIL, email)
                .append(Fields.EMAIL_LOWER, InputRules.emailKey(email))
                .append(Fields.EMAIL_VERIFIED, user.emailVerified())
                .append(Fields.DISPLAY_NAME, displayName)
                .append(Fields.DISPLAY_NAME_LOWER, ProfileRules.searchKey(displayName))
                .append(Fields.GIVEN_NAME, profile.givenName())
                .append(Fields.GIVEN_NAME_LOWER, ProfileRules.searchKey(profile.givenName()))
                .append(Fields.FAMILY_NAME, profile.familyName())
                .append(Fields.FAMILY_NAME_LOWER, ProfileRules.searchKey(profile.familyName()))
                .append(Fields.PICTURE_URL, profile.pictureUrl())
                .append(Fields.LOCALE, profile.locale())
                .append(Fields.ZONE_INFO, profile.zoneInfo())
                .append(Fields.PHONE_NUMBER, profile.phoneNumber())
                .append(Fields.PHONE_NUMBER_VERIFIED, profile.phoneNumberVerified())
                .append(Fields.METADATA, profile.metadata())
                .append(Fields.DISABLED, null)
                .append(Fields.PASSWORD, hash == null ? null : password(hash, now))
                .append(Fields.CREATED_AT, date(now))
                .append(Fields.UPDATED_AT, date(now));
        ctx.call("create user", db -> {
            try {
                return db.users().insertOne(doc);
            } catch (MongoException e) {
                throw MongoErrors.isDuplicateKey(e) ? emailTaken(email, e) : e;
            }
        });
        return toUser(doc);
    }

    @Override
    public Optional<User> getById(String id) {
        InputRules.id("user id", id);
        return ctx.call("get user", db -> Optional.ofNullable(db.users().find(byId(id)).first()))
                .map(MongoUserRepository::toUser);
    }

    @Override
    public Optional<UserAccount> getByEmail(String email) {
        Objects.requireNonNull(email, "email");
        Document doc = ctx.call("get user by email",
                db -> db.users().find(ctx.filter(Filters.eq(Fields.EMAIL_LOWER, InputRules.emailKey(email.trim()))))
                        .first());
        return Optional.ofNullable(doc).map(d -> new UserAccount(toUser(d), identity(d)));
    }

    @Override
    public UserPage list(UserQuery query) {
        Objects.requireNonNull(query, "query");
        List<Bson> clauses = new ArrayList<>();
        if (query.cursor() != null) {
            clauses.add(Filters.gt(ID, decodeCursor(query.cursor())));
        }
        String from = ProfileRules.searchPrefix(query.search());
        if (from != null) {
            // prefix ranges on the lower-cased keys: each one an index range of {tenantId, key}
            String to = ProfileRules.prefixUpperBound(from);
            clauses.add(Filters.or(range(Fields.EMAIL_LOWER, from, to), range(Fields.DISPLAY_NAME_LOWER, from, to),
                    range(Fields.GIVEN_NAME_LOWER, from, to), range(Fields.FAMILY_NAME_LOWER, from, to)));
        }
        int limit = query.limit();
        List<Document> docs = ctx.call("list users", db -> db.users().find(ctx.filter(clauses.toArray(Bson[]::new)))
                .sort(Sorts.ascending(ID)).limit(limit + 1).into(new ArrayList<>()));
        boolean more = docs.size() > limit;
        List<User> page = new ArrayList<>(Math.min(docs.size(), limit));
        for (int i = 0; i < docs.size() && i < limit; i++) {
            page.add(toUser(docs.get(i)));
        }
        String next = more ? encodeCursor(page.get(page.size() - 1).id()) : null;
        return new UserPage(page, next);
    }

    @Override
    public User update(String id, UserUpdate update) {
        InputRules.id("user id", id);
        Objects.requireNonNull(update, "update");
        String email = update.email() == null ? null : InputRules.email(update.email());
        String displayName = InputRules.optionalText("display name", update.displayName(),
                InputRules.MAX_DISPLAY_NAME);
        if (email == null && displayName == null) {
            return getById(id).orElseThrow(() -> notFound(id));
        }
        for (int attempt = 0; attempt < UPDATE_ATTEMPTS; attempt++) {
            List<Bson> sets = new ArrayList<>();
            Bson filter = byId(id);
            if (email != null) {
                // Verification survives a change of case only, so the write is conditional on the
                // email it was decided against; a concurrent change of email makes it try again.
                Document current = ctx.call("update user", db -> db.users().find(byId(id))
                        .projection(Projections.include(Fields.EMAIL_LOWER)).first());
                if (current == null) {
                    throw notFound(id);
                }
                String currentKey = current.getString(Fields.EMAIL_LOWER);
                filter = ctx.filter(Filters.eq(ID, id), Filters.eq(Fields.EMAIL_LOWER, currentKey));
                sets.add(Updates.set(Fields.EMAIL, email));
                sets.add(Updates.set(Fields.EMAIL_LOWER, InputRules.emailKey(email)));
                if (!InputRules.emailKey(email).equals(currentKey)) {
                    sets.add(Updates.set(Fields.EMAIL_VERIFIED, false));
                }
            }
            if (displayName != null) {
                sets.add(Updates.set(Fields.DISPLAY_NAME, displayName));
                sets.add(Updates.set(Fields.DISPLAY_NAME_LOWER, ProfileRules.searchKey(displayName)));
            }
            sets.add(Updates.set(Fields.UPDATED_AT, date(ctx.now())));
            Bson where = filter;
            Document doc = ctx.call("update user", db -> {
                try {
                    return db.users().findOneAndUpdate(where, Updates.combine(sets), RETURN_AFTER);
                } catch (MongoException e) {
                    throw MongoErrors.isDuplicateKey(e) && email != null ? emailTaken(email, e) : e;
                }
            });
            if (doc != null) {
                return toUser(doc);
            }
            if (email == null) {
                throw notFound(id);
            }
        }
        throw new ConflictException("update user " + Text.quote(id) + " in tenant " + Text.quote(ctx.slug())
                + " failed: its email changed " + UPDATE_ATTEMPTS + " times while being updated");
    }

    @Override
    public User updateProfile(String id, ProfileUpdate update) {
        InputRules.id("user id", id);
        ProfileUpdate u = ProfileRules.check(update);
        List<Bson> sets = new ArrayList<>();
        for (ProfileUpdate.Field f : u.fields()) {
            String value = u.value(f);
            sets.add(Updates.set(field(f), value));
            if (f == ProfileUpdate.Field.GIVEN_NAME) {
                sets.add(Updates.set(Fields.GIVEN_NAME_LOWER, ProfileRules.searchKey(value)));
            } else if (f == ProfileUpdate.Field.FAMILY_NAME) {
                sets.add(Updates.set(Fields.FAMILY_NAME_LOWER, ProfileRules.searchKey(value)));
            }
        }
        boolean phoneNamed = u.changes(ProfileUpdate.Field.PHONE_NUMBER);
        String phone = u.value(ProfileUpdate.Field.PHONE_NUMBER);
        if (u.phoneNumberVerified() != null) {
            sets.add(Updates.set(Fields.PHONE_NUMBER_VERIFIED, u.phoneNumberVerified()));
        } else if (phoneNamed && phone == null) {
            sets.add(Updates.set(Fields.PHONE_NUMBER_VERIFIED, false));
        }
        if (!phoneNamed || phone == null || u.phoneNumberVerified() != null) {
            return modify(id, "update user profile", Updates.combine(sets), ctx.now());
        }
        for (int attempt = 0; attempt < UPDATE_ATTEMPTS; attempt++) {
            // Verification survives only an unchanged number, so the write is conditional on the
            // number it was decided against; a concurrent change makes it try again.
            Document current = ctx.call("update user profile", db -> db.users().find(byId(id))
                    .projection(Projections.include(Fields.PHONE_NUMBER)).first());
            if (current == null) {
                throw notFound(id);
            }
            String currentPhone = current.getString(Fields.PHONE_NUMBER);
            List<Bson> all = new ArrayList<>(sets);
            if (!phone.equals(currentPhone)) {
                all.add(Updates.set(Fields.PHONE_NUMBER_VERIFIED, false));
            }
            all.add(Updates.set(Fields.UPDATED_AT, date(ctx.now())));
            Bson where = ctx.filter(Filters.eq(ID, id), Filters.eq(Fields.PHONE_NUMBER, currentPhone));
            Document doc = ctx.call("update user profile",
                    db -> db.users().findOneAndUpdate(where, Updates.combine(all), RETURN_AFTER));
            if (doc != null) {
                return toUser(doc);
            }
        }
        throw new ConflictException("update profile of user " + Text.quote(id) + " in tenant " + Text.quote(ctx.slug())
                + " failed: its phone number changed " + UPDATE_ATTEMPTS + " times while being updated");
    }

    private static String field(ProfileUpdate.Field f) {
        return switch (f) {
            case GIVEN_NAME -> Fields.GIVEN_NAME;
            case FAMILY_NAME -> Fields.FAMILY_NAME;
            case PICTURE_URL -> Fields.PICTURE_URL;
            case LOCALE -> Fields.LOCALE;
            case ZONE_INFO -> Fields.ZONE_INFO;
            case PHONE_NUMBER -> Fields.PHONE_NUMBER;
            case METADATA -> Fields.METADATA;
        };
    }

    private static Bson range(String field, String from, String to) {
        return Filters.and(Filters.gte(field, from), Filters.lt(field, to));
    }

    @Override
    public boolean delete(String id) {
        InputRules.id("user id", id);
        boolean existed = ctx.call("delete user", db -> db.users().deleteOne(byId(id)).getDeletedCount() > 0);
        // The user's records go with it, one write per call (a call may be repeated after a refused
        // login). Runs even when the user was already gone, so a delete interrupted half-way is
        // finished by the next one.
        Bson owned = ctx.filter(Filters.eq(Fields.USER_ID, id));
        for (String collection : OWNED_BY_USER) {
            ctx.call("delete user", db -> db.collection(collection).deleteMany(owned));
        }
        return existed;
    }

    @Override
    public User disable(String id, String by, String reason, @Nullable Instant until) {
        InputRules.id("user id", id);
        InputRules.text("disabled by", by, InputRules.MAX_TEXT);
        InputRules.text("disable reason", reason, InputRules.MAX_TEXT);
        Instant now = ctx.now();
        Document disablement = new Document(Fields.DISABLED_AT, date(now))
                .append(Fields.DISABLED_BY, by)
                .append(Fields.DISABLED_REASON, reason)
                .append(Fields.DISABLED_UNTIL, dateOrNull(until));
        return modify(id, "disable user", Updates.set(Fields.DISABLED, disablement), now);
    }

    @Override
    public User enable(String id) {
        InputRules.id("user id", id);
        return modify(id, "enable user", Updates.set(Fields.DISABLED, null), ctx.now());
    }

    @Override
    public User setEmailVerified(String id, boolean verified) {
        InputRules.id("user id", id);
        return modify(id, "set email verified", Updates.set(Fields.EMAIL_VERIFIED, verified), ctx.now());
    }

    @Override
    public void updatePasswordHash(String id, String hash) {
        InputRules.id("user id", id);
        InputRules.hash("password hash", hash, InputRules.MAX_PASSWORD_HASH);
        Instant now = ctx.now();
        modify(id, "update password", Updates.set(Fields.PASSWORD, password(hash, now)), now);
    }

    @Override
    public void setPassword(String id, char[] password) {
        InputRules.id("user id", id);
        Objects.requireNonNull(password, "password");
        if (password.length == 0) {
            throw new InvalidInputException("password must not be empty");
        }
        updatePasswordHash(id, ctx.hasher().hash(password));
    }

    @Override
    public boolean checkPassword(String id, char[] password) {
        InputRules.id("user id", id);
        Objects.requireNonNull(password, "password");
        Document doc = ctx.call("check password", db -> db.users().find(byId(id)).first());
        if (doc == null) {
            return false;
        }
        User user = toUser(doc);
        Identity identity = identity(doc);
        if (identity == null || user.isDisabledAt(ctx.now())) {
            return false;
        }
        return ctx.hasher().verify(password, identity.passwordHash());
    }

    private User modify(String id, String operation, Bson change, Instant now) {
        Document doc = ctx.call(operation, db -> db.users().findOneAndUpdate(byId(id),
                Updates.combine(change, Updates.set(Fields.UPDATED_AT, date(now))), RETURN_AFTER));
        if (doc == null) {
            throw notFound(id);
        }
        return toUser(doc);
    }

    private Bson byId(String id) {
        return ctx.filter(Filters.eq(ID, id));
    }

    private NotFoundException notFound(String id) {
        return new NotFoundException("no user " + Text.quote(id) + " in tenant " + Text.quote(ctx.slug()));
    }

    private ConflictException emailTaken(String email, Throwable cause) {
        return new ConflictException("a user with email " + Text.quote(email) + " already exists in tenant "
                + Text.quote(ctx.slug()), cause);
    }

    private static Document password(String hash, Instant now) {
        return new Document(Fields.PASSWORD_HASH, hash).append(Fields.PASSWORD_UPDATED_AT, date(now));
    }

    /**
     * @param id the last user id of a page
     * @return the opaque cursor of the next page
     */
    static String encodeCursor(String id) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((CURSOR_PREFIX + id).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param cursor a cursor from {@link #encodeCursor(String)}
     * @return the user id it holds
     * @throws InvalidInputException for anything else
     */
    static String decodeCursor(String cursor) {
        try {
            String s = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (s.startsWith(CURSOR_PREFIX)) {
                String id = s.substring(CURSOR_PREFIX.length());
                UUID.fromString(id);
                return id;
            }
        } catch (IllegalArgumentException e) {
            // falls through to the error below
        }
        throw new InvalidInputException("malformed cursor " + Text.quote(cursor)
                + ": pass the nextCursor of the previous page");
    }

    private static User toUser(Document d) {
        Document dis = d.get(Fields.DISABLED, Document.class);
        User.Disablement disablement = dis == null ? null : new User.Disablement(instant(dis, Fields.DISABLED_AT),
                dis.getString(Fields.DISABLED_BY), dis.getString(Fields.DISABLED_REASON),
                instantOrNull(dis, Fields.DISABLED_UNTIL));
        return new User(d.getString(ID), d.getString(Fields.EMAIL),
                Boolean.TRUE.equals(d.getBoolean(Fields.EMAIL_VERIFIED)),
                d.getString(Fields.DISPLAY_NAME), disablement, instant(d, Fields.CREATED_AT),
                instant(d, Fields.UPDATED_AT), new UserProfile(d.getString(Fields.GIVEN_NAME),
                        d.getString(Fields.FAMILY_NAME), d.getString(Fields.PICTURE_URL), d.getString(Fields.LOCALE),
                        d.getString(Fields.ZONE_INFO), d.getString(Fields.PHONE_NUMBER),
                        Boolean.TRUE.equals(d.getBoolean(Fields.PHONE_NUMBER_VERIFIED)), d.getString(Fields.METADATA)));
    }

    private static @Nullable Identity identity(Document d) {
        Document pw = d.get(Fields.PASSWORD, Document.class);
        if (pw == null) {
            return null;
        }
        return new Identity(d.getString(ID), pw.getString(Fields.PASSWORD_HASH),
                instant(pw, Fields.PASSWORD_UPDATED_AT));
    }
}
