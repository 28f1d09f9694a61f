package io.tenantstore.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.tenantstore.UnavailableException;
import io.tenantstore.core.support.ProbingBreaker;
import io.tenantstore.jdbc.StubDialect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Callers already waiting inside HikariCP when the breaker opens: the case the outage tests hit
 * when every connection broke at once (all callers queued for the one the adder could not make).
 */
class GuardedPoolTest {
    /** Long enough that a caller still waiting when the test ends has clearly not been woken. */
    private static final long CONNECTION_TIMEOUT_MS = 60_000;

    private final ExecutorService callers = Executors.newFixedThreadPool(2);
    private GuardedPool pool;

    @BeforeEach
    void open() {
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl("jdbc:sqlite::memory:");
        hc.setPoolName("guarded-test");
        hc.setMaximumPoolSize(1);
        hc.setMinimumIdle(1);
        hc.setConnectionTimeout(CONNECTION_TIMEOUT_MS);
        HikariConfig template = new HikariConfig();
        hc.copyStateTo(template);
        ProbingBreaker.ProbeScheduler manual = new ProbingBreaker.ProbeScheduler() {
            @Override
            public Runnable repeat(Runnable task, Duration interval) {
                return () -> { };
            }

            @Override
            public void once(Runnable task) {
            }
        };
        pool = new GuardedPool(template, new HikariDataSource(hc), new StubDialect(false, false), "test-db",
                () -> false, Clock.systemUTC(), manual, new ProbingBreaker.Listener() { });
    }

    @AfterEach
    void close() {
        callers.shutdownNow();
        pool.close();
    }

    @Test
    void aCallerWaitingForAConnectionFailsAsDatabaseDownWhenTheBreakerOpensAndKeepsNoInterrupt() throws Exception {
        try (Connection held = pool.getConnection()) {
            Future<Boolean> waiting = callers.submit(() -> {
                try {
                    pool.getConnection().close();
                    throw new AssertionError("got a connection while the only one was held");
                } catch (UnavailableException e) {
                    assertThat(e.reason()).isEqualTo(UnavailableException.Reason.DATABASE_DOWN);
                    return Thread.currentThread().isInterrupted();
                }
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> pool.getHikariPoolMXBean()
                    .getThreadsAwaitingConnection() == 1);

            pool.breaker().trip(new SQLException("Connection refused", "08001"));

            // woken now, not after the 60 s connection timeout
            assertThat(waiting.get(10, TimeUnit.SECONDS)).as("interrupt left on the caller's thread").isFalse();
            assertThatThrownBy(pool::getConnection).isInstanceOfSatisfying(UnavailableException.class,
                    e -> assertThat(e.reason()).isEqualTo(UnavailableException.Reason.DATABASE_DOWN));
        }
    }

    @Test
    void anInterruptOfTheApplicationsOwnIsLeftAsItWas() throws Exception {
        try (Connection held = pool.getConnection()) {
            CompletableFuture<Thread> thread = new CompletableFuture<>();
            Future<Boolean> waiting = callers.submit(() -> {
                thread.complete(Thread.currentThread());
                try {
                    pool.getConnection().close();
                    throw new AssertionError("got a connection while the only one was held");
                } catch (SQLException e) {
                    return Thread.currentThread().isInterrupted();
                }
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> pool.getHikariPoolMXBean()
                    .getThreadsAwaitingConnection() == 1);
            thread.get().interrupt();
            assertThat(waiting.get(10, TimeUnit.SECONDS)).as("the application's interrupt kept").isTrue();
            assertThat(pool.breaker().isOpen()).as("an interrupt is no outage").isFalse();
        }
    }

    @Test
    void aCallerThatGotItsConnectionIsNotInterruptedWhenTheBreakerOpensLater() throws Exception {
        ExecutorService one = Executors.newSingleThreadExecutor();
        try {
            one.submit(() -> {
                pool.getConnection().close();
                return null;
            }).get(10, TimeUnit.SECONDS);
            pool.breaker().trip(new SQLException("Connection refused", "08001"));
            assertThat(one.submit(() -> Thread.currentThread().isInterrupted()).get(10, TimeUnit.SECONDS))
                    .as("interrupt on a thread that had left the pool").isFalse();
        } finally {
            one.shutdownNow();
        }
    }
}
