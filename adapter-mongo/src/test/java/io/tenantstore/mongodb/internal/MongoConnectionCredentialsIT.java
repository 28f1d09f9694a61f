package io.tenantstore.mongodb.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import io.tenantstore.testkit.conformance.FakeClock;
import io.tenantstore.CredentialException;
import io.tenantstore.CredentialSpec;
import io.tenantstore.DbConfig;
import io.tenantstore.Isolation;
import io.tenantstore.model.NewUser;
import io.tenantstore.model.User;
import io.tenantstore.spi.Credential;
import io.tenantstore.spi.TenantRepositories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A MongoDB data source whose login comes from a credentials source, end to end through
 * {@link MongoConnection} and the repositories. mongo-java-server has no authentication, so on it
 * a {@link TestServerClientFactory} records the login each client was asked for and connects
 * without it, and a {@link RefusingRunner} plays the server refusing an old password; against a
 * real server with a login (TENANTSTORE_TEST_MONGODB_URI) the file test logs in for real.
 */
class MongoConnectionCredentialsIT {
    /** Set by the module's surefire/failsafe configuration. */
    private static final String PASSWORD_VARIABLE = "TENANTSTORE_IT_MONGO_PASSWORD";
    private static final String FIRST = "file-s3cret-1";
    private static final String SECOND = "file-s3cret-number-2"; // another length: the file's size changes
    private static final int CALLERS = 16;

    @TempDir
    Path dir;

    private final FakeClock clock = new FakeClock(java.time.Instant.parse("2026-03-01T10:00:00.123456789Z"));
    private final FakePasswordHasher hasher = new FakePasswordHasher();
    private final TestServerClientFactory factory = new TestServerClientFactory();
    private final RefusingRunner runner = new RefusingRunner();
    private final String database = MongoTestServer.uniqueDatabase();
    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
    }

    private DbConfig config(CredentialSpec.Source source) {
        return DbConfig.builder("mongodb", MongoTestServer.get().config(database, Isolation.SHARED).url())
                .isolation(Isolation.SHARED).username("svc").credentials(CredentialSpec.of(source)).build();
    }

    private MongoConnection open(DbConfig config, ClientFactory clients) {
        MongoConnection c = MongoConnection.open(MongoTestServer.adapterConfig(config, clock, hasher),
                IndexMigrations.ALL, clients, runner);
        cleanup.add(c);
        cleanup.add(() -> c.client().getDatabase(database).drop()); // before the connection closes
        return c;
    }

    private Path secretFile(String content) throws IOException {
        Path p = dir.resolve("db-password");
        Files.writeString(p, content);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
        return p;
    }

    private static TenantRepositories bind(MongoConnection c) {
        return c.bind(MongoTestServer.scope(MongoTestServer.uniqueSlug("cred"), Isolation.SHARED));
    }

    private static void assertWorks(MongoConnection c) {
        assertThat(c.ping(Duration.ofSeconds(10))).isTrue();
        TenantRepositories repos = bind(c);
        User created = repos.users().create(NewUser.of("ana@acme.io", "h"));
        assertThat(repos.users().getById(created.id())).contains(created);
    }

    @Test
    void aFileSourceLogsInAndTheRepositoriesWork() throws IOException {
        DbConfig server = MongoTestServer.get().config(database, Isolation.SHARED);
        List<Credential> asked = new CopyOnWriteArrayList<>();
        ClientFactory clients;
        String user;
        String password;
        if (server.password().isPresent()) {
            // A server with a login: the file holds its real password and the driver logs in with it.
            user = server.username().orElseThrow();
            password = server.password().get().reveal();
            clients = (setup, login) -> {
                asked.add(login);
                return ClientFactory.DRIVER.create(setup, login);
            };
        } else {
            user = "svc";
            password = FIRST;
            clients = (setup, login) -> {
                asked.add(login);
                return factory.create(setup, login);
            };
        }
        Path file = secretFile("{\"username\": \"" + user + "\", \"password\": \"" + password + "\"}");
        DbConfig config = DbConfig.builder("mongodb", server.url()).isolation(Isolation.SHARED)
                .credentials(CredentialSpec.of(CredentialSpec.File.of(file))).build();

        MongoConnection c = open(config, clients);

        assertWorks(c);
        assertThat(asked).hasSize(1);
        assertThat(asked.get(0).username()).isEqualTo(user);
        assertThat(asked.get(0).secret().reveal()).isEqualTo(password);
        assertThat(c.toString()).doesNotContain(password);
    }

    @Test
    void anEnvironmentSourceIsAccepted() {
        String expected = System.getenv(PASSWORD_VARIABLE);
        assertThat(expected).as(PASSWORD_VARIABLE + " is set by the build").isNotBlank();

        MongoConnection c = open(config(CredentialSpec.Environment.of(PASSWORD_VARIABLE)), factory);

        assertWorks(c);
        assertThat(factory.logins()).singleElement().satisfies(login -> {
            assertThat(login.username()).isEqualTo("svc");
            assertThat(login.secret().reveal()).isEqualTo(expected);
        });
    }

    @Test
    void aCommandSourceIsAccepted() throws IOException {
        Instant expiry = clock.instant().plus(Duration.ofHours(1));
        Path script = dir.resolve("db-token");
        Files.writeString(script, "#!/bin/sh\necho '{\"username\": \"iam-svc\", \"password\": \"tok-s3cret\","
                + " \"expiresAt\": \"" + expiry + "\"}'\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));

        MongoConnection c = open(config(CredentialSpec.Command.of(List.of(script.toString()))), factory);

        assertWorks(c);
        assertThat(factory.logins()).singleElement().satisfies(login -> {
            assertThat(login.username()).isEqualTo("iam-svc");
            assertThat(login.secret().reveal()).isEqualTo("tok-s3cret");
        });
        assertThat(c.credentials().orElseThrow().expiresAt()).contains(expiry);
    }

    @Test
    void aSourceThatYieldsNothingFailsAtConnect() {
        DbConfig missing = config(CredentialSpec.File.of(dir.resolve("no-such-file")));

        assertThatThrownBy(() -> open(missing, factory))
                .isInstanceOf(CredentialException.class)
                .hasMessageContaining("no-such-file");
        assertThat(factory.logins()).as("no client was built").isEmpty();
    }

    @Test
    void pingRefreshesARotatedFileAndAnEnforcedRotationRebuildsOneClientForSixteenRepositoryCallers()
            throws Exception {
        Path file = secretFile(FIRST);
        MongoConnection c = open(config(CredentialSpec.File.of(file)), factory);
        TenantRepositories repos = bind(c);

        // The agent rewrites the file; the re-check is due; a health check picks it up.
        secretFile(SECOND);
        clock.advance(CredentialSpec.File.DEFAULT_RECHECK_INTERVAL.plusSeconds(1));
        assertThat(c.ping(Duration.ofSeconds(10))).isTrue();
        assertThat(c.credentials().orElseThrow().refreshDueAt()).hasValueSatisfying(
                due -> assertThat(due).as("refreshed by the ping").isAfter(clock.instant()));
        assertThat(c.clients().clientsBuilt()).as("not rebuilt while the old login works").isEqualTo(1);

        // Now the server refuses the old password, to 16 callers at once.
        runner.refuse(FIRST);
        runner.holdRefusedCallersUntil(CALLERS);
        ExecutorService pool = Executors.newFixedThreadPool(CALLERS);
        List<Future<User>> created = new ArrayList<>();
        try {
            for (int i = 0; i < CALLERS; i++) {
                String email = "user" + i + "@acme.io";
                created.add(pool.submit(() -> repos.users().create(NewUser.of(email, "h"))));
            }
            for (Future<User> f : created) {
                User u = f.get(60, TimeUnit.SECONDS);
                assertThat(repos.users().getById(u.id())).contains(u);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(runner.refusals()).isEqualTo(CALLERS);
        assertThat(c.clients().clientsBuilt()).isEqualTo(2);
        assertThat(factory.logins()).extracting(l -> l.secret().reveal()).containsExactly(FIRST, SECOND);
        assertThat(factory.closed(0)).as("the old client is closed").isTrue();
        assertThat(repos.users().getByEmail("user0@acme.io")).isPresent();
    }

    @Test
    void aRefusedLoginWhileTheFileIsUnchangedIsACredentialErrorFromTheRepository() throws IOException {
        MongoConnection c = open(config(CredentialSpec.File.of(secretFile(FIRST))), factory);
        TenantRepositories repos = bind(c);
        runner.refuse(FIRST);

        Throwable e = catchThrowable(() -> repos.users().create(NewUser.of("ana@acme.io", "h")));

        assertThat(e).isInstanceOf(CredentialException.class)
                .hasMessageContaining("create user in tenant 'cred-")
                .hasMessageContaining("refused the login of 'svc'")
                .hasMessageContaining("no newer credential")
                .hasMessageNotContaining(FIRST);
        assertThat(c.clients().clientsBuilt()).isEqualTo(1);
        assertThat(c.ping(Duration.ofSeconds(10))).as("health check reports it").isFalse();
    }

    @Test
    void unwrapGivesTheCurrentClientAfterARotation() throws IOException {
        Path file = secretFile(FIRST);
        MongoConnection c = open(config(CredentialSpec.File.of(file)), factory);
        TenantRepositories repos = bind(c);
        MongoClient before = c.client();
        secretFile(SECOND);
        clock.advance(CredentialSpec.File.DEFAULT_RECHECK_INTERVAL.plusSeconds(1));
        assertThat(c.ping(Duration.ofSeconds(10))).isTrue();
        runner.refuse(FIRST);

        assertThat(c.ping(Duration.ofSeconds(10))).as("the ping itself rebuilds the client").isTrue();

        MongoClient after = c.client();
        assertThat(after).isNotSameAs(before);
        MongoDatabase db = repos.unwrap(MongoDatabase.class).orElseThrow();
        assertThat(db.getName()).isEqualTo(database);
        assertThat(db.getCollection(StoreCollections.USERS).countDocuments()).isZero();
        assertThat(factory.closed(0)).isTrue();
    }
}
