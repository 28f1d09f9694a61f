package io.tenantstore.fs.internal;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import io.tenantstore.InvalidInputException;
import io.tenantstore.Secret;
import io.tenantstore.core.yaml.DbConfigYaml;
import io.tenantstore.core.yaml.Durations;
import io.tenantstore.core.yaml.SecretResolver;
import io.tenantstore.core.yaml.SecretSite;
import io.tenantstore.core.yaml.YamlMap;
import io.tenantstore.core.yaml.YamlNode;
import io.tenantstore.core.yaml.YamlWriter;
import io.tenantstore.model.Tenant;
import io.tenantstore.model.TenantDatabase;
import io.tenantstore.model.TenantSettings;
import io.tenantstore.model.TenantSettings.SecuritySettings;
import io.tenantstore.model.TenantSettings.SmtpSettings;
import org.jspecify.annotations.Nullable;

/**
 * Maps a {@link Tenant} to and from tenant.yaml (docs/configuration.md). The slug is the directory name and
 * is not stored. Absent settings take their defaults; an absent {@code database} key means the
 * store's default tenant database, {@code database: none} means no database. Stateless and
 * thread-safe.
 */
final class TenantYaml {
    static final String FILE = "tenant.yaml";
    static final String NO_DATABASE = "none";
    private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8}){0,8}");

    private TenantYaml() {
    }

    /**
     * @param m       the root mapping of tenant.yaml
     * @param slug    the tenant's directory name
     * @param secrets resolves secret references
     * @return the tenant
     * @throws InvalidInputException naming file, line and key for any problem
     */
    static Tenant read(YamlMap m, String slug, SecretResolver secrets) {
        String id = id(m);
        String name = m.buildAt("name", () -> InputRules.name("name", m.requireString("name")));
        String displayName = m.string("displayName")
                .map(d -> m.buildAt("displayName", () -> InputRules.name("displayName", d))).orElse(name);
        long version = m.longValue("version").orElseThrow(() -> m.error("missing required key 'version'"));
        if (version < 1) {
            throw m.error("version", "version must be at least 1: " + version);
        }
        var createdAt = m.instant("createdAt").orElseThrow(() -> m.error("missing required key 'createdAt'"));
        var updatedAt = m.instant("updatedAt").orElseThrow(() -> m.error("missing required key 'updatedAt'"));
        TenantSettings settings = m.map("settings").map(s -> settings(s, slug, secrets)).orElse(TenantSettings.DEFAULTS);
        TenantDatabase database = database(m, slug, secrets);
        m.rejectUnknownKeys();
        return m.build("tenant", () -> new Tenant(id, slug, name, displayName, settings, database, version,
                createdAt, updatedAt));
    }

    /**
     * Reads only the id, for the id index.
     *
     * @param m the root mapping of tenant.yaml
     * @return the id
     */
    static String id(YamlMap m) {
        String id = m.requireString("id");
        try {
            if (UUID.fromString(id).toString().equals(id.toLowerCase(Locale.ROOT))) {
                return id;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw m.error("id", "id must be a UUID, found '" + YamlMap.quote(id) + "'");
    }

    private static TenantSettings settings(YamlMap s, String slug, SecretResolver secrets) {
        TenantSettings d = TenantSettings.DEFAULTS;
        String language = s.string("language").orElse(d.language());
        Duration session = s.duration("sessionLifetime").orElse(d.sessionLifetime());
        Duration refresh = s.duration("refreshTokenLifetime").orElse(d.refreshTokenLifetime());
        boolean mfa = s.bool("mfaEnabled").orElse(d.mfaEnabled());
        SecuritySettings security = s.map("security").map(sec -> {
            int min = sec.integer("passwordMinLength").orElse(SecuritySettings.DEFAULTS.passwordMinLength());
            boolean required = sec.bool("mfaRequired").orElse(SecuritySettings.DEFAULTS.mfaRequired());
            sec.rejectUnknownKeys();
            return sec.build(sec.path(), () -> new SecuritySettings(min, required));
        }).orElse(SecuritySettings.DEFAULTS);
        SmtpSettings smtp = s.map("smtp").map(m -> {
            String host = m.requireString("host");
            int port = m.integer("port").orElse(587);
            String username = m.string("username").orElse(null);
            Secret password = m.secret("password", secrets, slug).orElse(null);
            String from = m.requireString("from");
            m.rejectUnknownKeys();
            return m.build(m.path(), () -> validSmtp(new SmtpSettings(host, port, username, password, from)));
        }).orElse(null);
        s.rejectUnknownKeys();
        return s.build(s.path(), () -> validSettings(new TenantSettings(language, session, refresh, mfa, security, smtp)));
    }

    private static TenantDatabase database(YamlMap m, String slug, SecretResolver secrets) {
        var node = m.node("database");
        if (node.isEmpty()) {
            return TenantDatabase.useDefault();
        }
        if (node.get() instanceof YamlNode.Scalar s) {
            if (NO_DATABASE.equals(s.value())) {
                return TenantDatabase.none();
            }
            throw m.error("database", "database must be 'none' or a mapping, found '" + YamlMap.quote(String.valueOf(s.value())) + "'");
        }
        YamlMap block = m.map("database").orElseThrow();
        return TenantDatabase.own(DbConfigYaml.read(block, secrets, slug));
    }

    /**
     * Checks the values the model records leave open.
     *
     * @param settings settings to store
     * @return them
     * @throws InvalidInputException naming the bad value
     */
    static TenantSettings validSettings(TenantSettings settings) {
        if (!LANGUAGE.matcher(settings.language()).matches()) {
            throw new InvalidInputException("language must be a BCP 47 tag like en or pt-BR: '"
                    + YamlMap.quote(settings.language()) + "'");
        }
        if (settings.smtp() != null) {
            validSmtp(settings.smtp());
        }
        return settings;
    }

    private static SmtpSettings validSmtp(SmtpSettings smtp) {
        InputRules.name("smtp host", smtp.host());
        if (smtp.host().chars().anyMatch(Character::isWhitespace)) {
            throw new InvalidInputException("smtp host must not contain spaces: '" + YamlMap.quote(smtp.host()) + "'");
        }
        if (smtp.username() != null) {
            InputRules.name("smtp username", smtp.username());
        }
        InputRules.name("smtp from", smtp.from());
        if (smtp.from().indexOf('@') < 1) {
            throw new InvalidInputException("smtp from must be a mail address: '" + YamlMap.quote(smtp.from()) + "'");
        }
        return smtp;
    }

    /**
     * @param t       the tenant
     * @param secrets writes secret references (never clear text)
     * @param source  the file's name for messages
     * @return the file's text
     * @throws io.tenantstore.SecretException when a secret has no safe stored form
     */
    static String write(Tenant t, SecretResolver secrets, String source) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("id", t.id());
        doc.put("name", t.name());
        doc.put("displayName", t.displayName());
        doc.put("version", t.version());
        doc.put("createdAt", t.createdAt().toString());
        doc.put("updatedAt", t.updatedAt().toString());
        doc.put("settings", settings(t.settings(), t.slug(), secrets, source));
        if (t.database() instanceof TenantDatabase.NoDatabase) {
            doc.put("database", NO_DATABASE);
        } else if (t.database() instanceof TenantDatabase.Own own) {
            doc.put("database", DbConfigYaml.write(own.config(), secrets,
                    new SecretSite(t.slug(), "database.password", source)));
        }
        return YamlWriter.write(doc);
    }

    private static Map<String, Object> settings(TenantSettings s, String slug, SecretResolver secrets, String source) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("language", s.language());
        out.put("sessionLifetime", Durations.format(s.sessionLifetime()));
        out.put("refreshTokenLifetime", Durations.format(s.refreshTokenLifetime()));
        out.put("mfaEnabled", s.mfaEnabled());
        Map<String, Object> security = new LinkedHashMap<>();
        security.put("passwordMinLength", s.security().passwordMinLength());
        security.put("mfaRequired", s.security().mfaRequired());
        out.put("security", security);
        @Nullable SmtpSettings smtp = s.smtp();
        if (smtp != null) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("host", smtp.host());
            m.put("port", smtp.port());
            if (smtp.username() != null) {
                m.put("username", smtp.username());
            }
            if (smtp.password() != null) {
                m.put("password", secrets.reference(smtp.password(),
                        new SecretSite(slug, "settings.smtp.password", source)));
            }
            m.put("from", smtp.from());
            out.put("smtp", m);
        }
        return out;
    }
}
