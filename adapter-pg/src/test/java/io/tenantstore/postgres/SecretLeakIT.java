package io.tenantstore.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import io.tenantstore.DataAccessLayer;
import io.tenantstore.DbConfig;
import io.tenantstore.Isolation;
import io.tenantstore.Secret;
import io.tenantstore.StoreException;
import io.tenantstore.TenantDataAccess;
import io.tenantstore.core.TenantStore;
import io.tenantstore.core.secret.Keyring;
import io.tenantstore.model.ClientType;
import io.tenantstore.model.NewClient;
import io.tenantstore.model.NewTenant;
import io.tenantstore.model.NewUser;
import io.tenantstore.model.TenantDatabase;
import io.tenantstore.model.TenantSettings;
import io.tenantstore.model.User;
import io.tenantstore.testkit.TestDatabase;
import io.tenantstore.testkit.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Runs every path that handles a secret (an encrypted database password in store.yaml and in a
 * tenant.yaml, an SMTP password, a client secret, a user password, a TOTP seed, a refused login,
 * a stale key) with all TenantStore, HikariCP and Flyway logging at DEBUG, then greps everything
 * logged, every error message, every {@code toString()} and every YAML file written: no secret
 * may appear in clear.
 */
class SecretLeakIT {
    private static final String DB_PASSWORD = "leak-db-pw-7f3a91";
    private static final String TENANT_DB_PASSWORD = "leak-tenant-db-pw-2c88";
    private static final String SMTP_PASSWORD = "leak-smtp-pw-91bc07";
    private static final String CLIENT_SECRET = "leak-client-secret-44de55";
    private static final String USER_PASSWORD = "leak-user-pw-5e6f12";
    private static final String TOTP_SEED = "leak-totp-seed-0c1d3e";
    private static final List<String> SECRETS = List.of(DB_PASSWORD, TENANT_DB_PASSWORD, SMTP_PASSWORD, CLIENT_SECRET,
            USER_PASSWORD, TOTP_SEED);

    @TempDir
    Path dir;

    @Test
    void noSecretAppearsInLogsMessagesToStringsOrYaml() throws Exception {
        TestDatabase server = TestDatabases.passwordCheckingPostgres();
        String role = "ts_leak_" + UUID.randomUUID().toString().substring(0, 8);
        String database = role + "_db";
        try (Connection admin = DriverManager.getConnection(server.url(), server.username(), "");
             Statement st = admin.createStatement()) {
            st.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + DB_PASSWORD + "'");
            st.execute("CREATE DATABASE " + database + " OWNER " + role);
        }
        String url = server.url().replace("/postgres", "/" + database);

        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        List<Logger> raised = List.of((Logger) LoggerFactory.getLogger("io.tenantstore"),
                (Logger) LoggerFactory.getLogger("com.zaxxer.hikari"), (Logger) LoggerFactory.getLogger("org.flywaydb"));
        List<Level> before = raised.stream().map(Logger::getLevel).toList();
        captured.start();
        root.addAppender(captured);
        raised.forEach(l -> l.setLevel(Level.DEBUG));
        List<String> seen = new ArrayList<>();
        try {
            Keyring keyring = Keyring.generate();
            Path keyset = dir.resolve("keyset.json");
            Files.writeString(keyset, keyring.exportJson().reveal());
            String enc = keyring.encrypt("store", "defaultTenantDb.password", Secret.of(DB_PASSWORD));
            Path storeYaml = dir.resolve("store.yaml");
            Files.writeString(storeYaml, "fsRoot: data\nsecrets: { keyset: 'file:keyset.json' }\n"
                    + "defaultTenantDb:\n  driver: postgres\n  url: '" + url + "'\n  isolation: shared\n"
                    + "  username: " + role + "\n  password: '" + enc + "'\n"
                    + "pools: { healthCheckInterval: 1s }\n");

            try (DataAccessLayer store = TenantStore.open(storeYaml)) {
                TenantSettings d = TenantSettings.DEFAULTS;
                store.config().tenants().create(new NewTenant("acme", "Acme", "Acme", new TenantSettings(d.language(),
                        d.sessionLifetime(), d.refreshTokenLifetime(), true, d.security(),
                        new TenantSettings.SmtpSettings("smtp.acme.io", 587, "mailer", Secret.of(SMTP_PASSWORD),
                                "no-reply@acme.io")), TenantDatabase.useDefault()));
                store.config().tenants().create(new NewTenant("wrong", "Wrong", "Wrong", TenantSettings.DEFAULTS,
                        TenantDatabase.own(DbConfig.builder("postgres", url).isolation(Isolation.DATABASE)
                                .username(role).password(Secret.of(TENANT_DB_PASSWORD)).build())));
                TenantDataAccess acme = store.forTenant("acme");
                acme.clients().create(new NewClient("web", "Web", ClientType.CONFIDENTIAL,
                        List.of("https://acme.io/cb"), List.of(), List.of("openid"), List.of("authorization_code"),
                        Secret.of(CLIENT_SECRET)));
                assertThat(acme.clients().verifySecret("web", CLIENT_SECRET)).isTrue();
                User ana = acme.users().create(NewUser.of("ana@acme.io", null));
                acme.users().setPassword(ana.id(), USER_PASSWORD.toCharArray());
                assertThat(acme.users().checkPassword(ana.id(), USER_PASSWORD.toCharArray())).isTrue();
                acme.mfa().upsertTotp(ana.id(), Secret.of(TOTP_SEED));
                seen.add(String.valueOf(acme.mfa().getTotp(ana.id()).orElseThrow()));
                seen.add(String.valueOf(store.config().tenants().getBySlug("acme").orElseThrow()));
                seen.add(String.valueOf(store.config().tenants().getBySlug("wrong").orElseThrow()));
                seen.add(String.valueOf(acme.clients().get("web").orElseThrow()));
                seen.add(String.valueOf(acme.users().getByEmail("ana@acme.io").orElseThrow()));
                seen.add(String.valueOf(store.stats()));
                seen.add(String.valueOf(store.health()));
                // A refused login: the tenant's own block carries a wrong password.
                assertThatThrownBy(() -> store.forTenant("wrong")).isInstanceOfSatisfying(StoreException.class,
                        e -> seen.add(stackTrace(e)));
                // A value encrypted for another field does not decrypt, and says so without the value.
                String misplaced = keyring.encrypt("acme", "settings.smtp.password", Secret.of(TENANT_DB_PASSWORD));
                assertThatThrownBy(() -> keyring.decrypt("acme", "database.password", misplaced))
                        .isInstanceOfSatisfying(StoreException.class, e -> seen.add(stackTrace(e)));
            }
        } finally {
            root.detachAppender(captured);
            for (int i = 0; i < raised.size(); i++) {
                raised.get(i).setLevel(before.get(i));
            }
        }

        for (ILoggingEvent e : captured.list) {
            seen.add(e.getFormattedMessage());
            for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
                seen.add(t.getClassName() + ": " + t.getMessage());
            }
        }
        assertThat(captured.list).as("DEBUG logging was captured").hasSizeGreaterThan(10);
        List<String> yaml = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).filter(f -> f.toString().endsWith(".yaml")).toList()) {
                yaml.add(f + ":\n" + Files.readString(f));
            }
        }
        assertThat(yaml).as("YAML files written").hasSizeGreaterThanOrEqualTo(6);
        String everything = String.join("\n", seen) + "\n" + String.join("\n", yaml);
        for (String secret : SECRETS) {
            assertThat(everything).as("secret %s leaked", secret.substring(0, 9) + "...").doesNotContain(secret);
        }
        assertThat(String.join("\n", yaml)).contains("enc:");
    }

    private static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

}
