package io.tenantstore.jdbc.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;

import io.tenantstore.jdbc.SqlDialect;
import org.jspecify.annotations.Nullable;

/** Reads the current row of a result set by column index. Not thread-safe. */
final class Row {
    private final ResultSet rs;
    private final SqlDialect dialect;

    Row(ResultSet rs, SqlDialect dialect) {
        this.rs = rs;
        this.dialect = dialect;
    }

    String string(int column) throws SQLException {
        String s = rs.getString(column);
        if (s == null) {
            throw new SQLException("unexpected NULL in column " + column);
        }
        return s;
    }

    @Nullable String nullableString(int column) throws SQLException {
        return rs.getString(column);
    }

    /** @return the UUID's canonical text, as the model records carry ids */
    String id(int column) throws SQLException {
        return dialect.getUuid(rs, column).toString();
    }

    UUID uuid(int column) throws SQLException {
        return dialect.getUuid(rs, column);
    }

    Instant instant(int column) throws SQLException {
        Instant i = dialect.getInstant(rs, column);
        if (i == null) {
            throw new SQLException("unexpected NULL in column " + column);
        }
        return i;
    }

    @Nullable Instant nullableInstant(int column) throws SQLException {
        return dialect.getInstant(rs, column);
    }

    boolean bool(int column) throws SQLException {
        return rs.getBoolean(column);
    }

    int integer(int column) throws SQLException {
        return rs.getInt(column);
    }

    long longValue(int column) throws SQLException {
        return rs.getLong(column);
    }

    @Nullable Long nullableLong(int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }
}
