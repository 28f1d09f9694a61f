package io.tenantstore.testkit.conformance;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Row helpers for tests that prepare a database by hand (an older schema version, say). Stateless. */
public final class SqlRows {
    private SqlRows() {
    }

    /**
     * Copies every row {@code select} reads from one database into another with {@code insert},
     * column by column in order.
     *
     * @param from    where the rows are read
     * @param to      where they are written
     * @param select  the query, e.g. {@code SELECT slug, body FROM t}
     * @param insert  the statement with one parameter per column, e.g. {@code INSERT INTO t (slug, body) VALUES (?, ?)}
     * @param columns how many columns each row has
     * @return how many rows were copied
     * @throws SQLException when a statement fails
     */
    public static int copy(Connection from, Connection to, String select, String insert, int columns)
            throws SQLException {
        int rows = 0;
        try (PreparedStatement read = from.prepareStatement(select); ResultSet rs = read.executeQuery();
             PreparedStatement write = to.prepareStatement(insert)) {
            while (rs.next()) {
                for (int i = 1; i <= columns; i++) {
                    write.setObject(i, rs.getObject(i));
                }
                write.executeUpdate();
                rows++;
            }
        }
        return rows;
    }

    /**
     * @param c   the connection
     * @param sql a query returning one number in its first row
     * @return that number
     * @throws SQLException when the query fails
     */
    public static long number(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
