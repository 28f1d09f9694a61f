package io.tenantstore.testkit.conformance;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.tenantstore.ConflictException;
import io.tenantstore.ControlPlaneSource;
import io.tenantstore.DataAccessLayer;
import io.tenantstore.DbConfig;
import io.tenantstore.Secret;
import io.tenantstore.core.TenantStore;
import io.tenantstore.core.secret.Keyring;
import io.tenantstore.model.NewTenant;
import io.tenantstore.model.SignatureResult;
import io.tenantstore.model.SigningKeyAlgorithm;
import io.tenantstore.model.Tenant;
import io.tenantstore.model.TenantDatabase;
import io.tenantstore.model.TenantSettings;
import org.awaitility.Awaitility;

/**
 * One application instance for {@link MultiProcessControlPlaneSuite}, run in its own JVM: opens a
 * store whose control plane is in the database given as arguments, then answers commands read line
 * by line from stdin, one reply line each on stdout ({@code @@ok ...} or {@code @@error ...}, among
 * log lines). Not thread-safe (one command at a time).
 */
public final class ControlPlaneProcess {
    /** Marks reply lines apart from log lines on stdout. */
    static final String REPLY = "@@";
    /** The environment variable a child reads its keyring from (a test's generated keyset), if set. */
    static final String KEYSET_VARIABLE = "TENANTSTORE_TEST_CHILD_KEYSET";
    private ControlPlaneProcess() {
    }

    /**
     * @param db the global database
     * @return the arguments that make {@link #main} open it (the password travels on the command
     *         line of a test's child process only)
     */
    static java.util.List<String> arguments(DbConfig db) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(db.driver(), db.url(),
                db.username().orElse(""), db.password().map(Secret::reveal).orElse("")));
        db.properties().forEach((k, v) -> args.add(k + "=" + v));
        return args;
    }

    /**
     * @param args driver, URL, user (may be empty), password (may be empty), then driver properties
     *             as {@code key=value}
     * @throws Exception when stdin fails
     */
    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        DbConfig.Builder builder = DbConfig.builder(args[0], args[1]).username(args[2].isEmpty() ? null : args[2])
                .password(args[3].isEmpty() ? null : Secret.of(args[3]));
        for (int i = 4; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            builder.property(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        DbConfig db = builder.build();
        TenantStore.Builder stores = TenantStore.builder().globalDb(db).controlPlaneSource(ControlPlaneSource.DATABASE)
                .passwordHasher(new FakePasswordHasher());
        if (System.getenv(KEYSET_VARIABLE) != null) {
            stores.secrets(Keyring.fromEnv(KEYSET_VARIABLE));
        }
        try (DataAccessLayer store = stores.build()) {
            out.println(REPLY + "ready");
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] w = line.split(" ");
                try {
                    out.println(REPLY + run(store, w));
                } catch (RuntimeException e) {
                    out.println(REPLY + "error " + e.getClass().getSimpleName() + ": " + e.getMessage());
                }
            }
        }
    }

    private static String run(DataAccessLayer store, String[] w) {
        String slug = w[1];
        switch (w[0]) {
            case "create" -> {
                store.config().tenants().create(new NewTenant(slug, "Multi", w[2], TenantSettings.DEFAULTS,
                        TenantDatabase.none()));
                return "ok";
            }
            case "read" -> {
                return "ok " + store.forTenant(slug).tenant().displayName();
            }
            case "set" -> {
                Tenant t = store.config().tenants().getBySlug(slug).orElseThrow();
                store.config().tenants().update(withDisplayName(t, w[2]));
                return "ok";
            }
            case "await" -> {
                // how long until forTenant (cached in this instance) shows another instance's write
                long start = System.nanoTime();
                Awaitility.await().atMost(Duration.ofMillis(Long.parseLong(w[3]))).pollInterval(Duration.ofMillis(5))
                        .until(() -> store.forTenant(slug).tenant().displayName().equals(w[2]));
                return "ok " + (System.nanoTime() - start) / 1_000_000;
            }
            case "increment" -> {
                int times = Integer.parseInt(w[2]);
                int conflicts = 0;
                for (int i = 0; i < times; i++) {
                    while (true) {
                        Tenant t = store.config().tenants().getBySlug(slug).orElseThrow();
                        try {
                            store.config().tenants().update(withDisplayName(t,
                                    Integer.toString(Integer.parseInt(t.displayName()) + 1)));
                            break;
                        } catch (ConflictException e) {
                            conflicts++;
                        }
                    }
                }
                return "ok " + conflicts;
            }
            case "keys" -> {
                store.config().signingKeys().generate(slug, SigningKeyAlgorithm.ES256);
                return "ok";
            }
            case "rotate" -> {
                // each rotation makes a new active key; a lost race is redone inside the repository
                int times = Integer.parseInt(w[2]);
                for (int i = 0; i < times; i++) {
                    store.config().signingKeys().rotate(slug, SigningKeyAlgorithm.ES256, Duration.ofHours(1));
                }
                return "ok";
            }
            case "sign" -> {
                SignatureResult s = store.config().signingKeys().sign(slug, w[2].getBytes(StandardCharsets.UTF_8));
                return "ok " + s.kid() + " " + java.util.Base64.getUrlEncoder().withoutPadding()
                        .encodeToString(s.signature());
            }
            case "verify" -> {
                return "ok " + store.config().signingKeys().verify(slug, w[2], w[3].getBytes(StandardCharsets.UTF_8),
                        java.util.Base64.getUrlDecoder().decode(w[4]));
            }
            case "spin" -> {
                // writes until the process is killed; the reply line comes first
                System.out.println(REPLY + "ok spinning");
                System.out.flush();
                while (true) {
                    store.config().tenants().updateSettings(slug, s -> new TenantSettings(s.language(),
                            s.sessionLifetime().plusSeconds(1), s.refreshTokenLifetime(), s.mfaEnabled(),
                            s.security(), s.smtp()));
                }
            }
            default -> {
                return "error unknown command " + w[0];
            }
        }
    }

    private static Tenant withDisplayName(Tenant t, String displayName) {
        return new Tenant(t.id(), t.slug(), t.name(), displayName, t.settings(), t.database(), t.version(),
                t.createdAt(), t.updatedAt());
    }
}
