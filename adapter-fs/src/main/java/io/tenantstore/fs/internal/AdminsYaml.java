package io.tenantstore.fs.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;

import io.tenantstore.ConflictException;
import io.tenantstore.InvalidInputException;
import io.tenantstore.NotFoundException;
import io.tenantstore.PasswordHasher;
import io.tenantstore.core.yaml.YamlLoader;
import io.tenantstore.core.yaml.YamlMap;
import io.tenantstore.core.yaml.YamlWriter;
import io.tenantstore.model.Admin;
import io.tenantstore.model.NewAdmin;
import io.tenantstore.repository.AdminRepository;
import io.tenantstore.spi.InputRules;
import org.jspecify.annotations.Nullable;

/**
 * The administrators as one {@code admins.yaml} document, whatever holds it (a file, or a row of
 * the global database): the validation, the per-administrator versions and the YAML form live
 * here, so both control planes give the same answers and the same {@link ConflictException}s.
 * A subclass reads the document and writes it atomically. A password is kept only as the hash the
 * caller made with the store's {@link PasswordHasher}. Thread-safe when the subclass's
 * {@link #read()} and {@link #write} are.
 */
abstract class AdminsYaml implements AdminRepository {
    /** The document's name (at the control-plane root, or in messages about the database's copy). */
    static final String FILE = "admins.yaml";
    /** Most roles per administrator. */
    static final int MAX_ROLES = 32;
    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._@+-]{0,127}");
    private static final Pattern ROLE = Pattern.compile("[A-Za-z0-9:._-]{1,64}");

    private final Clock clock;

    /** @param clock the time source of createdAt and updatedAt */
    AdminsYaml(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** One administrator as stored; the hash is never shown. */
    record Stored(Admin admin, @Nullable String passwordHash) {
        @Override
        public String toString() {
            return "Stored[" + admin + "]";
        }
    }

    /** @return every stored administrator, in document order */
    abstract List<Stored> read();

    /**
     * Reads the administrators, applies {@code change} to the list and stores the list atomically,
     * or nothing when {@code change} throws.
     *
     * @param operation names the write in messages ("admins.create")
     * @param change    edits the list in place; may be applied more than once when the storage retries
     * @return what {@code change} returned
     * @throws io.tenantstore.NotLeaderException in a process that opened the control plane as a reader
     */
    abstract <T> T write(String operation, Function<List<Stored>, T> change);

    /**
     * @param slug a validated slug
     * @throws io.tenantstore.TenantNotFoundException when no tenant has it
     */
    abstract void requireTenant(String slug);

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AdminsYaml.class);

    /**
     * Makes a write that read the administrators before this call fail its compare-and-set and run
     * again, changing nothing else (where writes are serialised by a lock instead, nothing to do).
     *
     * @param operation names the write in messages
     */
    abstract void touch(String operation);

    /**
     * Removes the administrators bound to {@code slug}, whose tenant is about to be created, unless
     * a tenant of the slug exists by the time the write runs (then it is that tenant's, left alone).
     *
     * @param slug   the slug
     * @param exists whether a tenant of the slug exists, asked inside the write
     * @return how many were removed
     */
    int deleteStrays(String slug, java.util.function.BooleanSupplier exists) {
        int strays = remove(slug, false, exists);
        if (strays > 0) {
            LOG.warn("removed {} administrator(s) bound to slug {}, which had no tenant, before creating it", strays,
                    slug);
        }
        return strays;
    }

    @Override
    public Admin create(NewAdmin admin) {
        Objects.requireNonNull(admin, "admin");
        String username = username(admin.username());
        String tenant = admin.tenant();
        if (tenant != null) {
            Slugs.validate(tenant);
        }
        Set<String> roles = roles(admin.roles());
        boolean password = admin.passwordHash() != null;
        boolean external = admin.provider() != null || admin.subject() != null;
        if (password == external) {
            throw new InvalidInputException("administrator '" + username
                    + "' needs exactly one way to sign in: a password hash, or an external identity (provider and subject)");
        }
        String hash = password ? InputRules.hash("password hash", admin.passwordHash(), InputRules.MAX_PASSWORD_HASH) : null;
        String provider = external ? InputRules.identityPart("provider", admin.provider()) : null;
        String subject = external ? InputRules.identityPart("subject", admin.subject()) : null;
        String id = UUID.randomUUID().toString();
        return write("admins.create", all -> {
            if (tenant != null) {
                // inside the write: a delete of the tenant either ran before (then no tenant) or
                // comes after and removes this administrator with the others
                requireTenant(tenant);
            }
            if (all.stream().anyMatch(s -> s.admin().username().equals(username))) {
                throw new ConflictException("administrator '" + username + "' already exists");
            }
            if (external && all.stream().anyMatch(s -> provider.equals(s.admin().provider())
                    && subject.equals(s.admin().subject()))) {
                throw new ConflictException("the identity (" + provider + ", " + subject
                        + ") already belongs to another administrator");
            }
            Instant now = now();
            Admin created = new Admin(id, username, tenant, roles, password, provider, subject, 1, now, now);
            all.add(new Stored(created, hash));
            return created;
        });
    }

    @Override
    public List<Admin> list() {
        return read().stream().map(Stored::admin).sorted(Comparator.comparing(Admin::username)).toList();
    }

    @Override
    public List<Admin> listForTenant(String slug) {
        Slugs.validate(slug);
        return list().stream().filter(a -> slug.equals(a.tenant())).toList();
    }

    @Override
    public Optional<Admin> get(String username) {
        String name = username(username);
        return read().stream().map(Stored::admin).filter(a -> a.username().equals(name)).findFirst();
    }

    @Override
    public Admin updateRoles(String username, Set<String> roles, long expectedVersion) {
        String name = username(username);
        Set<String> checked = roles(roles);
        return write("admins.updateRoles", all -> {
            for (int i = 0; i < all.size(); i++) {
                Stored s = all.get(i);
                Admin a = s.admin();
                if (a.username().equals(name)) {
                    if (a.version() != expectedVersion) {
                        throw new ConflictException("administrator '" + name + "' is at version " + a.version()
                                + ", not " + expectedVersion + ": read it again");
                    }
                    Admin updated = new Admin(a.id(), a.username(), a.tenant(), checked, a.hasPassword(),
                            a.provider(), a.subject(), a.version() + 1, a.createdAt(), now());
                    all.set(i, new Stored(updated, s.passwordHash()));
                    return updated;
                }
            }
            throw new NotFoundException("no administrator '" + name + "'");
        });
    }

    /**
     * Removes the administrators of a tenant that was deleted, so that none of them holds a role over
     * a later tenant given the same slug.
     *
     * @param slug the deleted tenant's slug
     * @return how many were removed
     */
    int deleteForTenant(String slug) {
        return deleteForTenant(slug, false);
    }

    /**
     * @param slug       the tenant
     * @param evenIfNone write the list back even when no administrator of the tenant is in it, so
     *                   that a concurrent write that read the list before fails and runs again
     * @return how many administrators were removed
     */
    int deleteForTenant(String slug, boolean evenIfNone) {
        return remove(slug, evenIfNone, () -> false);
    }

    /**
     * Removes the administrators bound to {@code slug}, unless {@code keep} says otherwise inside the
     * write; with none bound to it, only {@link #touch touches} the list when {@code evenIfNone}.
     */
    private int remove(String slug, boolean evenIfNone, java.util.function.BooleanSupplier keep) {
        if (read().stream().noneMatch(s -> slug.equals(s.admin().tenant()))) {
            if (evenIfNone) {
                touch("admins.delete");
            }
            return 0; // nothing to write (and a reader's delete path never gets here with any)
        }
        return write("admins.delete", all -> {
            if (keep.getAsBoolean()) {
                return 0;
            }
            int before = all.size();
            all.removeIf(s -> slug.equals(s.admin().tenant()));
            return before - all.size();
        });
    }

    @Override
    public boolean delete(String username) {
        String name = username(username);
        return write("admins.delete", all -> all.removeIf(s -> s.admin().username().equals(name)));
    }

    @Override
    public boolean checkPassword(String username, char[] password, PasswordHasher hasher) {
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(hasher, "hasher");
        String name = username(username);
        Optional<Stored> s = read().stream().filter(x -> x.admin().username().equals(name)).findFirst();
        return s.isPresent() && s.get().passwordHash() != null && hasher.verify(password, s.get().passwordHash());
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * @param text   an admins.yaml document; blank for none
     * @param source how messages name it
     * @return the administrators it holds
     * @throws InvalidInputException naming the source, line and key of a bad value
     */
    static List<Stored> parse(String text, String source) {
        if (text.isBlank()) {
            return List.of();
        }
        YamlMap m = YamlLoader.DEFAULT.parseMapping(text, source);
        List<Stored> out = new ArrayList<>();
        for (YamlMap a : m.mapList("admins")) {
            out.add(a.build("administrator", () -> parse(a)));
        }
        m.rejectUnknownKeys();
        return out;
    }

    private static Stored parse(YamlMap a) {
        String id = a.requireString("id");
        String username = a.buildAt("username", () -> username(a.requireString("username")));
        String tenant = a.string("tenant").orElse(null);
        if (tenant != null) {
            a.checkAt("tenant", () -> Slugs.validate(tenant));
        }
        Set<String> roles = a.buildAt("roles", () -> roles(a.stringList("roles")));
        String hash = a.string("passwordHash").orElse(null);
        String provider = a.string("provider").orElse(null);
        String subject = a.string("subject").orElse(null);
        long version = a.longValue("version").orElse(1L);
        Instant created = a.instant("createdAt").orElseThrow(() -> a.error("createdAt", "is required"));
        Instant updated = a.instant("updatedAt").orElse(created);
        a.rejectUnknownKeys();
        if ((hash == null) == (provider == null || subject == null)) {
            throw a.error("needs exactly one of passwordHash, or provider and subject");
        }
        return new Stored(new Admin(id, username, tenant, roles, hash != null, provider, subject, version, created,
                updated), hash);
    }

    /** @param all the administrators @return their admins.yaml document */
    static String render(List<Stored> all) {
        List<Object> admins = new ArrayList<>();
        for (Stored s : all) {
            Admin a = s.admin();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", a.id());
            m.put("username", a.username());
            if (a.tenant() != null) {
                m.put("tenant", a.tenant());
            }
            m.put("roles", new ArrayList<>(new TreeSet<>(a.roles())));
            if (s.passwordHash() != null) {
                m.put("passwordHash", s.passwordHash());
            } else {
                m.put("provider", a.provider());
                m.put("subject", a.subject());
            }
            m.put("version", a.version());
            m.put("createdAt", a.createdAt().toString());
            m.put("updatedAt", a.updatedAt().toString());
            admins.add(m);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("admins", admins);
        return YamlWriter.write(doc);
    }

    private static String username(String username) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw new InvalidInputException("administrator username must be 1 to 128 of a-z 0-9 . _ @ + -,"
                    + " starting with a letter or digit: '" + Objects.toString(username) + "'");
        }
        return username;
    }

    private static Set<String> roles(Collection<String> roles) {
        if (roles == null || roles.isEmpty() || roles.size() > MAX_ROLES) {
            throw new InvalidInputException("an administrator needs 1 to " + MAX_ROLES + " roles");
        }
        Set<String> out = new TreeSet<>();
        for (String r : roles) {
            if (r == null || !ROLE.matcher(r).matches()) {
                throw new InvalidInputException("administrator role must be 1 to 64 of A-Z a-z 0-9 : . _ -: '"
                        + Objects.toString(r) + "'");
            }
            out.add(r);
        }
        return out;
    }
}
