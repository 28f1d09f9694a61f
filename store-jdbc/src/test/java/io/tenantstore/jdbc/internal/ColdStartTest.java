package io.tenantstore.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

import javax.sql.DataSource;

import io.tenantstore.jdbc.StubDialect;
import org.junit.jupiter.api.Test;

class ColdStartTest {
    private static final ClassLoader LOADER = ColdStartTest.class.getClassLoader();

    @Test
    void theChecksumIsFlywaysCrcOverTheLinesWithoutBreaksAndByteOrderMark() {
        // CRC32 of "abc" is 0x352441C2: line breaks (\n, \r\n) and a leading BOM do not count
        assertThat(ColdStart.checksum("\uFEFFa\nb\r\nc")).isEqualTo(0x352441C2);
        assertThat(ColdStart.checksum("abc\n")).isEqualTo(0x352441C2);
    }

    @Test
    void appliesEveryScriptOfTheLocationInOrderAndRecordsThemAsFlywayDoes() throws Exception {
        Fake db = new Fake(null);
        ColdStart cs = ColdStart.of(ColdStart.Engine.POSTGRESQL, new StubDialect(true, false), db.dataSource(), LOADER,
                "classpath:coldstart/two", "ts_schema_history", "db://test", 2).orElseThrow();
        assertThat(cs.versions()).containsExactly(1, 2);
        assertThat(cs.create("t_new")).isTrue();
        assertThat(db.executed).anySatisfy(s -> assertThat(s).startsWith("CREATE SCHEMA \"t_new\""))
                .anySatisfy(s -> assertThat(s).contains("CREATE TABLE a (x INT)").contains("CREATE TABLE b (y INT)"))
                .anySatisfy(s -> assertThat(s).contains("CREATE TABLE c (z INT)"));
        String insert = db.prepared.get(db.prepared.size() - 1);
        assertThat(insert).startsWith("INSERT INTO \"t_new\".\"ts_schema_history\"")
                .contains("'<< Flyway Schema Creation >>', 'SCHEMA'");
        assertThat(db.commits.get()).isEqualTo(1);
    }

    @Test
    void spareNamesCarryTheVersionAndAFingerprintOfTheScripts() {
        ColdStart cs = ColdStart.of(ColdStart.Engine.POSTGRESQL, new StubDialect(true, false), new Fake(null).dataSource(),
                LOADER, "classpath:coldstart/two", "ts_schema_history", "db://test", 2).orElseThrow();
        assertThat(cs.sparePrefix()).matches("ts_spare_2_[0-9a-f]{8}_");
        assertThat(ColdStart.spareVersion(cs.sparePrefix() + "0123abcd")).hasValue(2);
        assertThat(ColdStart.spareVersion("ts_spare_17_0badc0de_x")).hasValue(17);
        assertThat(ColdStart.spareVersion("ts_spare_x_0badc0de_x")).isEmpty();
        assertThat(ColdStart.spareVersion("ts_spare_")).isEmpty();
        assertThat(ColdStart.spareVersion("t_acme")).isEmpty();
    }

    @Test
    void sparesNeedAnExecutorForTheirRefills() {
        assertThatThrownBy(() -> ColdStart.of(ColdStart.Engine.POSTGRESQL, new StubDialect(true, false),
                new Fake(null).dataSource(), LOADER, "classpath:coldstart/two", "ts_schema_history", "db://test", 2, 2,
                null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anExistingSchemaIsLeftToFlyway() throws Exception {
        Fake db = new Fake(null);
        db.schemaExists = true;
        ColdStart cs = ColdStart.of(ColdStart.Engine.POSTGRESQL, new StubDialect(true, false), db.dataSource(), LOADER,
                "classpath:coldstart/two", "ts_schema_history", "db://test", 2).orElseThrow();
        assertThat(cs.create("t_old")).isFalse();
        assertThat(db.executed).isEmpty();
    }

    @Test
    void aLocationWithAnUnversionedScriptIsLeftToFlyway() {
        assertThat(ColdStart.of(ColdStart.Engine.POSTGRESQL, new StubDialect(true, false), new Fake(null).dataSource(),
                LOADER, "classpath:coldstart/repeatable", "ts_schema_history", "db://test", 2)).isEmpty();
    }

    @Test
    void noMoreThanTheLimitRunAtOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Fake db = new Fake(release);
        ColdStart cs = ColdStart.of(ColdStart.Engine.POSTGRESQL, new StubDialect(true, false), db.dataSource(), LOADER,
                "classpath:coldstart/two", "ts_schema_history", "db://test", 2).orElseThrow();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String schema = "t_" + i;
                results.add(pool.submit(() -> cs.create(schema)));
            }
            // two are inside (held at their CREATE SCHEMA), four wait for a permit
            await().atMost(Duration.ofSeconds(10)).until(() -> db.inside.get() == 2 && cs.waiting() == 4);
            assertThat(db.mostInside.get()).isEqualTo(2);
            release.countDown();
            for (Future<Boolean> r : results) {
                assertThat(r.get(10, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(cs.mostRunning()).isEqualTo(2);
            assertThat(db.mostInside.get()).isEqualTo(2);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Connections that answer "no such schema", run every statement, and hold CREATE SCHEMA on a latch. */
    private static final class Fake {
        final List<String> executed = Collections.synchronizedList(new ArrayList<>());
        final List<String> prepared = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger commits = new AtomicInteger();
        final AtomicInteger inside = new AtomicInteger();
        final AtomicInteger mostInside = new AtomicInteger();
        final CountDownLatch hold;
        volatile boolean schemaExists;

        Fake(CountDownLatch hold) {
            this.hold = hold;
        }

        DataSource dataSource() {
            return (DataSource) Proxy.newProxyInstance(LOADER, new Class<?>[] {DataSource.class}, (p, m, a) -> switch (
                    m.getName()) {
                case "getConnection" -> connection();
                case "getLogWriter" -> (PrintWriter) null;
                case "getParentLogger" -> Logger.getGlobal();
                default -> throw new UnsupportedOperationException(m.getName());
            });
        }

        private Connection connection() {
            boolean[] autoCommit = {true};
            return (Connection) Proxy.newProxyInstance(LOADER, new Class<?>[] {Connection.class}, (p, m, a) -> switch (
                    m.getName()) {
                case "getAutoCommit" -> autoCommit[0];
                case "setAutoCommit" -> {
                    autoCommit[0] = (Boolean) a[0];
                    yield null;
                }
                case "commit" -> {
                    commits.incrementAndGet();
                    yield null;
                }
                case "rollback", "close" -> null;
                case "createStatement" -> statement();
                case "prepareStatement" -> prepared((String) a[0]);
                default -> throw new UnsupportedOperationException(m.getName());
            });
        }

        private Statement statement() {
            return (Statement) Proxy.newProxyInstance(LOADER, new Class<?>[] {Statement.class}, (p, m, a) -> switch (
                    m.getName()) {
                case "execute" -> {
                    String sql = (String) a[0];
                    executed.add(sql);
                    if (hold != null && sql.startsWith("CREATE SCHEMA")) {
                        mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                        try {
                            hold.await();
                        } finally {
                            inside.decrementAndGet();
                        }
                    }
                    yield false;
                }
                case "close" -> null;
                default -> throw new UnsupportedOperationException(m.getName());
            });
        }

        private PreparedStatement prepared(String sql) {
            prepared.add(sql);
            return (PreparedStatement) Proxy.newProxyInstance(LOADER, new Class<?>[] {PreparedStatement.class},
                    (p, m, a) -> switch (m.getName()) {
                        case "setString", "setInt", "close" -> null;
                        case "executeUpdate" -> 1;
                        case "executeQuery" -> result(schemaExists);
                        default -> throw new UnsupportedOperationException(m.getName());
                    });
        }

        private ResultSet result(boolean row) {
            boolean[] left = {row};
            return (ResultSet) Proxy.newProxyInstance(LOADER, new Class<?>[] {ResultSet.class}, (p, m, a) -> switch (
                    m.getName()) {
                case "next" -> {
                    boolean r = left[0];
                    left[0] = false;
                    yield r;
                }
                case "close" -> null;
                default -> throw new UnsupportedOperationException(m.getName());
            });
        }
    }
}
