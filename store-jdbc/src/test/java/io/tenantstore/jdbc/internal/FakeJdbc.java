package io.tenantstore.jdbc.internal;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A scripted JDBC connection for tests without a database: records every prepared SQL string and
 * its parameters, fails the statements a test names, and returns empty results (or one
 * {@code long} for the queries in {@link #longs}). Not thread-safe.
 */
final class FakeJdbc {
    /** Every prepared SQL string, in order. */
    final List<String> prepared = new ArrayList<>();
    /** The parameters of each prepared statement, by index. */
    final List<Map<Integer, Object>> parameters = new ArrayList<>();
    /** Decides whether executing a statement fails: its SQL to an exception, or null. */
    Function<String, SQLException> failure = sql -> null;
    /** Queries answered with one row holding one {@code long}, by SQL; every other query is empty. */
    final Map<String, Long> longs = new HashMap<>();
    int commits;
    int rollbacks;
    boolean autoCommit = true;
    boolean closed;

    Connection connection() {
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "prepareStatement" -> statement((String) args[0]);
                    case "setAutoCommit" -> {
                        autoCommit = (Boolean) args[0];
                        yield null;
                    }
                    case "getAutoCommit" -> autoCommit;
                    case "commit" -> {
                        commits++;
                        yield null;
                    }
                    case "rollback" -> {
                        rollbacks++;
                        yield null;
                    }
                    case "close" -> {
                        closed = true;
                        yield null;
                    }
                    case "isClosed" -> closed;
                    case "toString" -> "FakeConnection";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private PreparedStatement statement(String sql) {
        prepared.add(sql);
        Map<Integer, Object> params = new HashMap<>();
        parameters.add(params);
        boolean[] query = {sql.startsWith("SELECT") || sql.startsWith("SET")};
        return (PreparedStatement) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "setString", "setObject", "setInt", "setLong", "setBoolean" -> {
                        params.put((Integer) args[0], args[1]);
                        yield null;
                    }
                    case "setNull" -> {
                        params.put((Integer) args[0], "NULL");
                        yield null;
                    }
                    case "execute" -> {
                        SQLException e = failure.apply(sql);
                        if (e != null) {
                            throw e;
                        }
                        yield query[0];
                    }
                    case "getMoreResults" -> {
                        query[0] = sql.contains("SELECT main");
                        yield query[0];
                    }
                    case "getUpdateCount" -> query[0] ? -1 : 1;
                    case "getResultSet" -> emptyResultSet();
                    case "executeQuery" -> {
                        SQLException e = failure.apply(sql);
                        if (e != null) {
                            throw e;
                        }
                        yield longs.containsKey(sql) ? longResultSet(longs.get(sql)) : emptyResultSet();
                    }
                    case "addBatch", "close" -> null;
                    case "executeBatch" -> new int[0];
                    case "toString" -> "FakeStatement[" + sql + "]";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private ResultSet longResultSet(long value) {
        boolean[] read = {false};
        return (ResultSet) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ResultSet.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "next" -> {
                        boolean first = !read[0];
                        read[0] = true;
                        yield first;
                    }
                    case "getLong" -> value;
                    case "close" -> null;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private ResultSet emptyResultSet() {
        return (ResultSet) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ResultSet.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "next" -> false;
                    case "close" -> null;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
