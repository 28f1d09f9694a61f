package io.tenantstore.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.logging.Logger;

import javax.sql.DataSource;

import io.tenantstore.ConflictException;
import io.tenantstore.ErrorCode;
import io.tenantstore.InvalidInputException;
import io.tenantstore.NotFoundException;
import io.tenantstore.StoreException;
import io.tenantstore.UnavailableException;
import io.tenantstore.jdbc.StubDialect;
import org.junit.jupiter.api.Test;

class SqlRunnerTest {
    private static final BoundTenant TENANT = BoundTenant.of(UUID.randomUUID(), "acme");
    private final List<FakeJdbc> connections = new ArrayList<>();
    private boolean closed;
    private SQLException connectFailure;
    /** When set, every commit fails with it (the connection lost while committing). */
    private SQLException commitFailure;
    /** Given to every new connection: which executions fail. */
    private Function<String, SQLException> statementFailure = sql -> null;

    private final DataSource dataSource = new DataSource() {
        @Override
        public Connection getConnection() throws SQLException {
            if (connectFailure != null) {
                throw connectFailure;
            }
            FakeJdbc jdbc = new FakeJdbc();
            jdbc.failure = statementFailure;
            connections.add(jdbc);
            Connection real = jdbc.connection();
            SQLException onCommit = commitFailure;
            if (onCommit == null) {
                return real;
            }
            return (Connection) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                        if (method.getName().equals("commit")) {
                            throw onCommit;
                        }
                        try {
                            return method.invoke(real, args);
                        } catch (java.lang.reflect.InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }

        @Override
        public Connection getConnection(String u, String p) {
            throw new UnsupportedOperationException();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() {
            return Logger.getGlobal();
        }

        @Override
        public <T> T unwrap(Class<T> iface) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    };

    private final SqlRunner runner = new SqlRunner(dataSource, new StubDialect(true, false), "db://test", null,
            () -> closed, new SessionTenants());

    private static UnavailableException.Reason reason(Throwable e) {
        return ((UnavailableException) e).reason();
    }

    @Test
    void driverFailuresBecomeTypedErrorsWithTheirCause() {
        ErrorContext ctx = ErrorContext.of("create user")
                .onConflict(c -> "email 'ana@acme.io' is taken (" + c + ")")
                .onMissingReference(c -> "user missing");
        // This test dialect reads the constraint from the message; real servers also quote values there.
        SQLException unique = new SQLException("ts_users_email_uk", "23505");
        assertThat(runner.translate(unique, ctx)).isInstanceOf(ConflictException.class)
                .hasMessage("email 'ana@acme.io' is taken (USERS_EMAIL_UK)")
                .cause().isInstanceOf(SQLException.class).hasMessageContaining("withheld")
                .hasMessageNotContaining("ts_users_email_uk")
                .satisfies(c -> assertThat(((SQLException) c).getSQLState()).isEqualTo("23505"));
        assertThat(runner.translate(new SQLException("fk", "23503"), ctx)).isInstanceOf(NotFoundException.class)
                .hasMessage("user missing");
        assertThat(runner.translate(new SQLException("too long", "22001"), ctx))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("22001");
        assertThat(runner.translate(new SQLException("gone", "08006"), ctx))
                .isInstanceOf(UnavailableException.class)
                .satisfies(e -> assertThat(reason(e)).isEqualTo(UnavailableException.Reason.DATABASE_DOWN));
        StoreException other = runner.translate(new SQLException("syntax", "42601"), ctx);
        assertThat(other.code()).isEqualTo(ErrorCode.INTERNAL);
        assertThat(other).hasMessageContaining("create user").hasMessageContaining("42601");
    }

    @Test
    void genericMessagesNameTheOperationAndConstraint() {
        ErrorContext ctx = ErrorContext.of("grant consent");
        assertThat(runner.translate(new SQLException("ts_consents_pk", "23505"), ctx))
                .isInstanceOf(ConflictException.class).hasMessageContaining("grant consent")
                .hasMessageContaining("ts_consents_pk");
        assertThat(runner.translate(new SQLException("ts_consents_user_fk", "23503"), ctx))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("ts_consents_user_fk");
    }

    @Test
    void aPoolTimeoutWithoutCauseIsExhaustionWithACauseTheDatabaseIsDownAndAfterCloseClosed() {
        assertThat(reason(runner.unavailable(new SQLTransientConnectionException("timed out"))))
                .isEqualTo(UnavailableException.Reason.POOL_EXHAUSTED);
        assertThat(reason(runner.unavailable(new SQLTransientConnectionException("timed out", "08001",
                new SQLException("refused", "08001"))))).isEqualTo(UnavailableException.Reason.DATABASE_DOWN);
        closed = true;
        assertThat(reason(runner.unavailable(new SQLException("closed"))))
                .isEqualTo(UnavailableException.Reason.CLOSED);
    }

    @Test
    void connectFailuresSurfaceAsUnavailable() {
        connectFailure = new SQLTransientConnectionException("timed out");
        assertThatThrownBy(() -> runner.autoCommit(TENANT, ErrorContext.of("read"), s -> 1))
                .isInstanceOf(UnavailableException.class)
                .satisfies(e -> assertThat(reason(e)).isEqualTo(UnavailableException.Reason.POOL_EXHAUSTED));
    }

    @Test
    void aTransactionCommitsOnceAndRestoresNothingItDidNotChange() {
        String result = runner.transaction(TENANT, ErrorContext.of("write"), s -> "done");
        assertThat(result).isEqualTo("done");
        assertThat(connections).hasSize(1);
        assertThat(connections.get(0).commits).isEqualTo(1);
        assertThat(connections.get(0).rollbacks).isZero();
        assertThat(connections.get(0).closed).isTrue();
    }

    @Test
    void aFailingTransactionRollsBackAndStoreErrorsPassThrough() {
        NotFoundException notFound = new NotFoundException("no role");
        assertThatThrownBy(() -> runner.transaction(TENANT, ErrorContext.of("write"), s -> {
            throw notFound;
        })).isSameAs(notFound);
        assertThat(connections.get(0).rollbacks).isEqualTo(1);
        assertThat(connections.get(0).commits).isZero();
        assertThat(connections.get(0).closed).isTrue();
        assertThatThrownBy(() -> runner.autoCommit(TENANT, ErrorContext.of("read"), s -> {
            throw new IllegalStateException("bug");
        })).isInstanceOf(StoreException.class).hasCauseInstanceOf(IllegalStateException.class)
                .satisfies(e -> assertThat(((StoreException) e).code()).isEqualTo(ErrorCode.INTERNAL));
    }

    @Test
    void contentionIsRetriedThenReported() {
        AtomicInteger attempts = new AtomicInteger();
        Integer succeededOn = runner.transaction(TENANT, ErrorContext.of("write"), s -> {
            if (attempts.incrementAndGet() < SqlRunner.CONTENTION_ATTEMPTS) {
                throw new SQLException("deadlock", "40001");
            }
            return attempts.get();
        });
        assertThat(succeededOn).isEqualTo(SqlRunner.CONTENTION_ATTEMPTS);

        attempts.set(0);
        assertThatThrownBy(() -> runner.transaction(TENANT, ErrorContext.of("write"), s -> {
            attempts.incrementAndGet();
            throw new SQLException("deadlock", "40001");
        })).isInstanceOf(UnavailableException.class)
                .satisfies(e -> assertThat(reason(e)).isEqualTo(UnavailableException.Reason.CONTENTION));
        assertThat(attempts.get()).isEqualTo(SqlRunner.CONTENTION_ATTEMPTS);
    }

    @Test
    void aSingleStatementThatLostToContentionRunsAgainOnAFreshConnection() {
        Stmt stmt = new Stmt("UPDATE t SET x = ? WHERE tenant_id = ?");
        AtomicInteger executions = new AtomicInteger();
        statementFailure = sql -> executions.incrementAndGet() < SqlRunner.CONTENTION_ATTEMPTS
                ? new SQLException("Deadlock found when trying to get lock", "40001") : null;
        assertThat(runner.update(TENANT, ErrorContext.of("revoke"), stmt, p -> p.string("v").uuid(TENANT.id())))
                .isEqualTo(1);
        assertThat(executions.get()).isEqualTo(SqlRunner.CONTENTION_ATTEMPTS);
        assertThat(connections).hasSize(SqlRunner.CONTENTION_ATTEMPTS).allMatch(c -> c.closed);

        executions.set(0);
        statementFailure = sql -> {
            executions.incrementAndGet();
            return new SQLException("Lock wait timeout exceeded", "40001");
        };
        assertThatThrownBy(() -> runner.count(TENANT, ErrorContext.of("count"), new Stmt("SELECT count"),
                p -> { })).isInstanceOf(UnavailableException.class)
                .satisfies(e -> assertThat(reason(e)).isEqualTo(UnavailableException.Reason.CONTENTION));
        assertThat(executions.get()).isEqualTo(SqlRunner.CONTENTION_ATTEMPTS);
    }

    @Test
    void otherFailuresOfASingleStatementAndContentionInMultiStatementWorkAreNotRetried() {
        AtomicInteger executions = new AtomicInteger();
        statementFailure = sql -> {
            executions.incrementAndGet();
            return new SQLException("dup", "23505");
        };
        Stmt stmt = new Stmt("INSERT INTO t VALUES (?)");
        assertThatThrownBy(() -> runner.update(TENANT, ErrorContext.of("insert"), stmt, p -> p.string("v")))
                .isInstanceOf(ConflictException.class);
        assertThat(executions.get()).isEqualTo(1);

        executions.set(0);
        statementFailure = sql -> {
            executions.incrementAndGet();
            return new SQLException("deadlock", "40001");
        };
        // the first statement of this work may have committed: running it again is not known to be safe
        assertThatThrownBy(() -> runner.autoCommit(TENANT, ErrorContext.of("two statements"),
                s -> s.update(stmt, p -> p.string("v")))).isInstanceOf(UnavailableException.class)
                .satisfies(e -> assertThat(reason(e)).isEqualTo(UnavailableException.Reason.CONTENTION));
        assertThat(executions.get()).isEqualTo(1);
    }

    @Test
    void aConnectionLostWhileCommittingIsOutcomeUnknownAndBeforeItDatabaseDown() {
        commitFailure = new SQLException("I/O error while committing", "08006");
        assertThatThrownBy(() -> runner.transaction(TENANT, ErrorContext.of("create user"), s -> "written"))
                .isInstanceOfSatisfying(UnavailableException.class,
                        e -> assertThat(e.reason()).isEqualTo(UnavailableException.Reason.OUTCOME_UNKNOWN))
                .hasMessageContaining("may or may not have taken effect");
        commitFailure = null;
        assertThatThrownBy(() -> runner.transaction(TENANT, ErrorContext.of("create user"), s -> {
            throw new SQLException("I/O error", "08006"); // before the commit: rolled back by the server
        })).isInstanceOfSatisfying(UnavailableException.class,
                e -> assertThat(e.reason()).isEqualTo(UnavailableException.Reason.DATABASE_DOWN));
    }

    @Test
    void anAutoCommitWriteThatLostItsConnectionIsOutcomeUnknownAReadDatabaseDown() {
        statementFailure = sql -> new SQLException("connection reset", "08006");
        Stmt insert = new Stmt("INSERT INTO t (tenant_id) VALUES (?)");
        Stmt select = new Stmt("SELECT x FROM t WHERE tenant_id = ?");
        assertThat(SqlRunner.writes(insert)).isTrue();
        assertThat(SqlRunner.writes(select)).isFalse();
        assertThatThrownBy(() -> runner.update(TENANT, ErrorContext.of("insert"), insert, p -> p.uuid(TENANT.id())))
                .isInstanceOfSatisfying(UnavailableException.class,
                        e -> assertThat(e.reason()).isEqualTo(UnavailableException.Reason.OUTCOME_UNKNOWN));
        assertThatThrownBy(() -> runner.count(TENANT, ErrorContext.of("count"), select, p -> p.uuid(TENANT.id())))
                .isInstanceOfSatisfying(UnavailableException.class,
                        e -> assertThat(e.reason()).isEqualTo(UnavailableException.Reason.DATABASE_DOWN));
    }

    @Test
    void aLoginTheServerRefusesIsACredentialException() {
        connectFailure = new SQLTransientConnectionException("timed out", "08001",
                new SQLException("password authentication failed for user \"app\"", "28P01"));
        assertThatThrownBy(() -> runner.autoCommit(TENANT, ErrorContext.of("read"), s -> 1))
                .isInstanceOf(io.tenantstore.CredentialException.class).hasMessageContaining("refused the login");
        connectFailure = new SQLTransientConnectionException("timed out", "08001",
                new SQLException("Access denied for user 'app'", "28000", 1045));
        assertThatThrownBy(() -> runner.autoCommit(TENANT, ErrorContext.of("read"), s -> 1))
                .isInstanceOf(io.tenantstore.CredentialException.class);
        connectFailure = new SQLTransientConnectionException("timed out", "08001",
                new SQLException("Connection refused", "08001"));
        assertThatThrownBy(() -> runner.autoCommit(TENANT, ErrorContext.of("read"), s -> 1))
                .isInstanceOfSatisfying(UnavailableException.class,
                        e -> assertThat(e.reason()).isEqualTo(UnavailableException.Reason.DATABASE_DOWN));
    }

    @Test
    void aPoolTheStoreEvictedIsDatabaseDownNotClosed() {
        SqlRunner evictedRunner = new SqlRunner(dataSource, new StubDialect(true, false), "db://test", null,
                new SqlRunner.PoolState() {
                    @Override
                    public boolean closed() {
                        return true;
                    }

                    @Override
                    public boolean evicted() {
                        return true;
                    }
                }, new SessionTenants());
        assertThat(reason(evictedRunner.unavailable(new SQLException("closed"))))
                .isEqualTo(UnavailableException.Reason.DATABASE_DOWN);
    }
}
