package io.tenantstore.mongodb.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.mongodb.MongoSecurityException;
import com.mongodb.MongoSocketOpenException;
import com.mongodb.ServerAddress;
import com.mongodb.client.MongoCollection;
import io.tenantstore.testkit.conformance.FakeClock;
import io.tenantstore.CredentialException;
import io.tenantstore.DbConfig;
import io.tenantstore.Isolation;
import io.tenantstore.Secret;
import io.tenantstore.StoreException;
import io.tenantstore.UnavailableException;
import io.tenantstore.core.credential.RefreshingCredentialProvider;
import io.tenantstore.spi.Credential;
import io.tenantstore.spi.CredentialProvider;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The client holder against the test server. The server (mongo-java-server) has no
 * authentication, so a {@link RefusingRunner} fails operations on clients built with a refused
 * secret exactly as the driver does, and a {@link TestServerClientFactory} records the logins the
 * clients were asked for. Time comes from a fake clock; background refreshes run on the caller.
 */
class ClientHolderIT {
    private static final String S1 = "first-s3cret";
    private static final String S2 = "second-s3cret";
    private static final int CALLERS = 16;

    private final FakeClock clock = new FakeClock(java.time.Instant.parse("2026-03-01T10:00:00.123456789Z"));
    private final SwitchableSource source = new SwitchableSource(Credential.of("svc", Secret.of(S1)));
    private final RefreshingCredentialProvider provider = RefreshingCredentialProvider.builder(source)
            .name("test source").clock(clock).executor(Runnable::run).random(() -> 0.0).build();
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

    /** A credential source the test switches; its credentials never expire, it is re-checked every 10 s. */
    static final class SwitchableSource implements CredentialProvider {
        private final AtomicReference<Credential> next;
        private final AtomicReference<@Nullable CredentialException> failure = new AtomicReference<>();

        SwitchableSource(Credential first) {
            this.next = new AtomicReference<>(first);
        }

        void set(Credential c) {
            next.set(c);
        }

        void failWith(CredentialException e) {
            failure.set(e);
        }

        @Override
        public Credential mint() {
            CredentialException e = failure.get();
            if (e != null) {
                throw e;
            }
            return next.get();
        }

        @Override
        public java.util.Optional<Duration> recheckInterval() {
            return java.util.Optional.of(Duration.ofSeconds(10));
        }
    }

    private ClientHolder open(@Nullable RefreshingCredentialProvider credentials, DbConfig config) {
        ClientHolder holder = ClientHolder.open(ClientSetup.of(config, null), credentials, factory, runner, clock);
        cleanup.add(holder);
        return holder;
    }

    private ClientHolder open() {
        ClientHolder holder = open(provider, MongoTestServer.get().config(database, Isolation.SHARED));
        // dropped before the holder closes, past the refusing runner
        cleanup.add(() -> holder.current().client().getDatabase(database).drop());
        return holder;
    }

    /** The source hands out S2 and the provider has picked it up (re-check due, refreshed on this thread). */
    private void rotateToS2() {
        source.set(Credential.of("svc", Secret.of(S2)));
        clock.advance(Duration.ofSeconds(11));
        provider.refreshIfDue();
        assertThat(provider.current().secret().reveal()).isEqualTo(S2);
    }

    private MongoCollection<Document> probe(ClientGeneration g) {
        return g.database(database).collection("probe");
    }

    @Test
    void aRefusedLoginWithARotatedCredentialRebuildsOneClientForSixteenConcurrentCallersAndAllSucceed()
            throws Exception {
        ClientHolder holder = open();
        rotateToS2();
        runner.refuse(S1);
        runner.holdRefusedCallersUntil(CALLERS);

        ExecutorService pool = Executors.newFixedThreadPool(CALLERS);
        List<Future<Long>> results = new ArrayList<>();
        try {
            for (int i = 0; i < CALLERS; i++) {
                int n = i;
                results.add(pool.submit(() -> holder.execute("insert probe", "", g -> {
                    probe(g).insertOne(new Document("_id", n));
                    return g.number();
                })));
            }
            for (Future<Long> r : results) {
                assertThat(r.get(60, TimeUnit.SECONDS)).as("ran on the rebuilt client").isEqualTo(2L);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(runner.refusals()).as("every caller failed on the old client first").isEqualTo(CALLERS);
        assertThat(holder.clientsBuilt()).isEqualTo(2);
        assertThat(factory.logins()).extracting(c -> c.secret().reveal()).containsExactly(S1, S2);
        assertThat(factory.closed(0)).as("the old client is closed").isTrue();
        assertThat(factory.closed(1)).isFalse();
        long stored = holder.execute("count", "", g -> probe(g).countDocuments());
        assertThat(stored).as("every caller's insert happened once").isEqualTo(CALLERS);
    }

    @Test
    void aRefusedLoginWithAnUnchangedCredentialIsACredentialErrorWithoutRebuild() {
        ClientHolder holder = open();
        runner.refuse(S1);

        Throwable e = catchThrowable(() -> holder.execute("get user", " in tenant 'acme'", g -> "never"));

        assertThat(e).isInstanceOf(CredentialException.class)
                .hasMessageContaining("get user in tenant 'acme' failed")
                .hasMessageContaining("refused the login of 'svc'")
                .hasMessageContaining("test source has no newer credential")
                .hasCauseInstanceOf(MongoSecurityException.class);
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(S1);
        }
        assertThat(holder.clientsBuilt()).isEqualTo(1);
        assertThat(runner.runs()).isZero();
        assertThat(factory.closed(0)).isFalse();
    }

    @Test
    void noClientIsRebuiltWhileOperationsSucceedEvenWhenTheSourceHasANewCredential() {
        ClientHolder holder = open();
        rotateToS2();

        for (int i = 0; i < 5; i++) {
            int n = i;
            holder.execute("insert probe", "", g -> probe(g).insertOne(new Document("_id", n)));
        }

        assertThat(holder.clientsBuilt()).isEqualTo(1);
        assertThat(holder.current().number()).isEqualTo(1);
        assertThat(factory.logins()).extracting(c -> c.secret().reveal()).containsExactly(S1);
    }

    @Test
    void theReplacedClientStaysOpenForAnOperationRunningOnItAndClosesWhenItEnds() throws Exception {
        ClientHolder holder = open();
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService slow = Executors.newSingleThreadExecutor();
        try {
            Future<Long> running = slow.submit(() -> holder.execute("slow count", "", g -> {
                entered.countDown();
                await(release);
                return probe(g).countDocuments(); // still on the old client, which must be open
            }));
            assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
            ClientGeneration old = holder.current();
            rotateToS2();
            runner.refuse(S1);

            long number = holder.execute("which client", "", ClientGeneration::number);

            assertThat(number).isEqualTo(2);
            assertThat(old.retired()).isTrue();
            assertThat(factory.closed(0)).as("in use by the slow operation").isFalse();
            release.countDown();
            assertThat(running.get(30, TimeUnit.SECONDS)).isZero();
            assertThat(factory.closed(0)).as("closed when the slow operation ended").isTrue();
            assertThat(old.inFlight()).isZero();
        } finally {
            release.countDown();
            slow.shutdownNow();
        }
    }

    @Test
    void aReplacedClientStillInUseAfterTheGracePeriodIsClosedByCloseOverdue() throws Exception {
        ClientHolder holder = open();
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService slow = Executors.newSingleThreadExecutor();
        try {
            Future<Long> hanging = slow.submit(() -> holder.execute("hanging count", "", g -> {
                entered.countDown();
                await(release);
                return probe(g).countDocuments();
            }));
            assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
            rotateToS2();
            runner.refuse(S1);
            holder.execute("which client", "", ClientGeneration::number);

            clock.advance(ClientHolder.RETIRED_GRACE.minusSeconds(1));
            assertThat(holder.closeOverdue()).as("within the grace period").isZero();
            assertThat(factory.closed(0)).isFalse();
            clock.advance(Duration.ofSeconds(1));
            assertThat(holder.closeOverdue()).isEqualTo(1);
            assertThat(factory.closed(0)).isTrue();

            release.countDown();
            Throwable e = catchThrowable(() -> hanging.get(30, TimeUnit.SECONDS));
            assertThat(e).hasCauseInstanceOf(UnavailableException.class);
            assertThat(((UnavailableException) e.getCause()).reason()).isEqualTo(UnavailableException.Reason.CLOSED);
            assertThat(holder.closeOverdue()).as("nothing left to close").isZero();
        } finally {
            release.countDown();
            slow.shutdownNow();
        }
    }

    @Test
    void aFailedRefreshKeepsServingTheOldCredentialSoARefusalFindsNothingNewer() {
        ClientHolder holder = open();
        source.failWith(new CredentialException("token service unavailable"));
        clock.advance(Duration.ofSeconds(11)); // the re-check is due and fails; S1 is served stale
        provider.refreshIfDue();
        runner.refuse(S1);

        Throwable e = catchThrowable(() -> holder.execute("get user", "", g -> "never"));

        // S1 never expires, so the provider keeps serving it: nothing newer
        assertThat(e).isInstanceOf(CredentialException.class).hasMessageContaining("no newer credential");
        assertThat(holder.clientsBuilt()).isEqualTo(1);
    }

    @Test
    void anExpiredCredentialThatCannotBeReplacedSurfacesTheSourcesError() {
        source.set(Credential.expiring("svc", Secret.of(S1), clock.instant().plus(Duration.ofMinutes(10))));
        RefreshingCredentialProvider expiring = RefreshingCredentialProvider.builder(source).name("expiring source")
                .clock(clock).executor(Runnable::run).random(() -> 0.0).build();
        ClientHolder holder = open(expiring, MongoTestServer.get().config(database, Isolation.SHARED));
        source.failWith(new CredentialException("token service unavailable"));
        clock.advance(Duration.ofMinutes(11));
        runner.refuse(S1);

        Throwable e = catchThrowable(() -> holder.execute("get user", "", g -> "never"));

        assertThat(e).isInstanceOf(CredentialException.class)
                .hasMessageContaining("refused the login of 'svc' and no new credential could be obtained")
                .hasMessageContaining("token service unavailable")
                .hasMessageNotContaining(S1);
        assertThat(e.getSuppressed()).hasAtLeastOneElementOfType(MongoSecurityException.class);
        assertThat(holder.clientsBuilt()).isEqualTo(1);
    }

    @Test
    void whenTheNewCredentialIsRefusedTooTheCallFailsAfterOneRebuild() {
        ClientHolder holder = open();
        rotateToS2();
        runner.refuse(S1);
        runner.refuse(S2);

        Throwable e = catchThrowable(() -> holder.execute("get user", "", g -> "never"));

        assertThat(e).isInstanceOf(CredentialException.class)
                .hasMessageContaining("with the new credential from credential source test source too")
                .hasMessageNotContaining(S1).hasMessageNotContaining(S2);
        assertThat(runner.refusals()).as("one retry, no loop").isEqualTo(2);
        assertThat(holder.clientsBuilt()).isEqualTo(2);
    }

    @Test
    void otherFailuresAreTranslatedAndNeitherRetriedNorRebuilding() {
        ClientHolder holder = open();
        rotateToS2();
        AtomicInteger runs = new AtomicInteger();

        Throwable e = catchThrowable(() -> holder.execute("get user", " in tenant 'acme'", g -> {
            runs.incrementAndGet();
            throw new MongoSocketOpenException("connection refused", new ServerAddress("127.0.0.1", 1));
        }));

        assertThat(e).isInstanceOfSatisfying(UnavailableException.class,
                u -> assertThat(u.reason()).isEqualTo(UnavailableException.Reason.DATABASE_DOWN))
                .hasMessageStartingWith("get user in tenant 'acme' failed");
        assertThat(runs).hasValue(1);
        assertThat(holder.clientsBuilt()).isEqualTo(1);
    }

    @Test
    void withAFixedPasswordARefusedLoginIsUnavailableAsBefore() {
        DbConfig withPassword = DbConfig.builder("mongodb", "mongodb://127.0.0.1:1/" + database).username("svc")
                .password(Secret.of(S1)).build();
        ClientHolder holder = open(null, withPassword);
        runner.refuse(S1);

        Throwable e = catchThrowable(() -> holder.execute("get user", "", g -> "never"));

        assertThat(e).isInstanceOfSatisfying(UnavailableException.class,
                u -> assertThat(u.reason()).isEqualTo(UnavailableException.Reason.DATABASE_DOWN))
                .hasMessageContaining("refused the login").hasMessageNotContaining(S1);
        assertThat(factory.logins()).extracting(c -> c.username()).containsExactly("svc");
        assertThat(holder.clientsBuilt()).isEqualTo(1);
    }

    @Test
    void closeClosesTheClientAndLaterOperationsFailClosed() {
        ClientHolder holder = ClientHolder.open(ClientSetup.of(MongoTestServer.get().config(database,
                Isolation.SHARED), null), provider, factory, runner, clock);

        holder.close();
        Throwable e = catchThrowable(() -> holder.execute("get user", "", g -> "never"));

        assertThat(holder.isClosed()).isTrue();
        assertThat(factory.closed(0)).isTrue();
        assertThat(e).isInstanceOfSatisfying(UnavailableException.class,
                u -> assertThat(u.reason()).isEqualTo(UnavailableException.Reason.CLOSED));
        assertThat(runner.runs()).isZero();
    }

    @Test
    void toStringNeverShowsTheSecret() {
        ClientHolder holder = open();

        assertThat(holder.toString()).contains("#1").contains("svc").doesNotContain(S1);
        assertThat(holder.current().toString()).doesNotContain(S1);
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(io.tenantstore.ErrorCode.INTERNAL, "interrupted", e);
        }
    }
}
