package io.tenantstore.cli;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.tenantstore.DbConfig;
import io.tenantstore.core.yaml.Durations;
import io.tenantstore.model.Tenant;
import io.tenantstore.model.TenantDatabase;
import io.tenantstore.model.TenantSettings;

/** Formats values for people and for {@code --json}: never a record's toString. Stateless and thread-safe. */
final class Human {
    private Human() {
    }

    /** @return e.g. {@code 24h}, {@code 30d}, {@code 90s} (the form YAML accepts) */
    static String duration(Duration d) {
        return Durations.format(d);
    }

    /** @return where the tenant's rows live, e.g. {@code postgres jdbc:postgresql://db/acme (schema)} */
    static String database(Tenant t) {
        if (t.database() instanceof TenantDatabase.Own own) {
            DbConfig c = own.config();
            return c.driver() + " " + c.url() + " (" + c.isolation().yamlName()
                    + c.schema().map(s -> ", schema " + s).orElse("") + ")";
        }
        return t.database() instanceof TenantDatabase.NoDatabase ? "none" : "default";
    }

    /** @return the settings as indented lines for {@code tenants show} */
    static String settings(TenantSettings s) {
        StringBuilder b = new StringBuilder();
        b.append(line("language", s.language()));
        b.append(line("session lifetime", duration(s.sessionLifetime())));
        b.append(line("refresh token lifetime", duration(s.refreshTokenLifetime())));
        b.append(line("MFA enabled", yesNo(s.mfaEnabled())));
        b.append(line("MFA required", yesNo(s.security().mfaRequired())));
        b.append(line("password min length", String.valueOf(s.security().passwordMinLength())));
        b.append(String.format("  %-24s", "SMTP:")).append(s.smtp() == null ? "not set"
                : s.smtp().host() + ":" + s.smtp().port() + " from " + s.smtp().from()
                + (s.smtp().password() == null ? "" : " (password set)"));
        return b.toString();
    }

    /** @return {@code "  label:   value\n"} with values aligned */
    static String line(String label, String value) {
        return String.format("  %-24s%s%n", label + ":", value);
    }

    private static String yesNo(boolean b) {
        return b ? "yes" : "no";
    }

    /** @return the tenant as a JSON-ready map (no secret: passwords only as "set") */
    static Map<String, Object> json(Tenant t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("slug", t.slug());
        m.put("id", t.id());
        m.put("name", t.name());
        m.put("displayName", t.displayName());
        m.put("version", t.version());
        m.put("createdAt", t.createdAt().toString());
        m.put("updatedAt", t.updatedAt().toString());
        Map<String, Object> db = new LinkedHashMap<>();
        if (t.database() instanceof TenantDatabase.Own own) {
            DbConfig c = own.config();
            db.put("kind", "own");
            db.put("driver", c.driver());
            db.put("url", c.url());
            db.put("isolation", c.isolation().yamlName());
            db.put("schema", c.schema().orElse(null));
            db.put("username", c.username().orElse(null));
            db.put("passwordSet", c.password().isPresent());
            db.put("credentialsProvider", c.credentials().map(x -> x.source().kind()).orElse(null));
        } else {
            db.put("kind", t.database() instanceof TenantDatabase.NoDatabase ? "none" : "default");
        }
        m.put("database", db);
        TenantSettings s = t.settings();
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("language", s.language());
        settings.put("sessionLifetime", duration(s.sessionLifetime()));
        settings.put("refreshTokenLifetime", duration(s.refreshTokenLifetime()));
        settings.put("mfaEnabled", s.mfaEnabled());
        settings.put("mfaRequired", s.security().mfaRequired());
        settings.put("passwordMinLength", s.security().passwordMinLength());
        settings.put("smtpHost", s.smtp() == null ? null : s.smtp().host());
        m.put("settings", settings);
        return m;
    }
}
