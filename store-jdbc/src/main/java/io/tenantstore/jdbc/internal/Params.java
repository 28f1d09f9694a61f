package io.tenantstore.jdbc.internal;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.UUID;

import io.tenantstore.jdbc.SqlDialect;
import org.jspecify.annotations.Nullable;

/**
 * Binds parameters in order, starting after the tenant guard's parameter when there is one. Not
 * thread-safe; one per statement execution.
 */
final class Params {
    private final PreparedStatement ps;
    private final SqlDialect dialect;
    private int index;

    Params(PreparedStatement ps, SqlDialect dialect, int first) {
        this.ps = ps;
        this.dialect = dialect;
        this.index = first;
    }

    Params uuid(UUID value) throws SQLException {
        dialect.setUuid(ps, index++, value);
        return this;
    }

    /** A null is sent untyped ({@code Types.OTHER}), so each server takes the column's type. */
    Params nullableUuid(@Nullable UUID value) throws SQLException {
        if (value == null) {
            ps.setNull(index++, Types.OTHER);
            return this;
        }
        return uuid(value);
    }

    Params string(String value) throws SQLException {
        ps.setString(index++, value);
        return this;
    }

    Params nullableString(@Nullable String value) throws SQLException {
        if (value == null) {
            ps.setNull(index++, Types.VARCHAR);
        } else {
            ps.setString(index++, value);
        }
        return this;
    }

    Params instant(@Nullable Instant value) throws SQLException {
        dialect.setInstant(ps, index++, value);
        return this;
    }

    Params bool(boolean value) throws SQLException {
        ps.setBoolean(index++, value);
        return this;
    }

    Params integer(int value) throws SQLException {
        ps.setInt(index++, value);
        return this;
    }

    Params longValue(long value) throws SQLException {
        ps.setLong(index++, value);
        return this;
    }

    Params nullableLong(@Nullable Long value) throws SQLException {
        if (value == null) {
            ps.setNull(index++, Types.BIGINT);
        } else {
            ps.setLong(index++, value);
        }
        return this;
    }
}
