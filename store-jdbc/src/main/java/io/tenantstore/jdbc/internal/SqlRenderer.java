package io.tenantstore.jdbc.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tenantstore.jdbc.RowSecurity;
import io.tenantstore.jdbc.SqlDialect;
import org.jspecify.annotations.Nullable;

/**
 * Renders the statements of one target once, at bind time: table names become schema-qualified
 * (an identifier already validated and quoted) and, for targets with row-level security, each
 * statement also gets its tenant-setting variant. Immutable and thread-safe.
 */
final class SqlRenderer {
    private static final Pattern TABLE = Pattern.compile("\\{([a-z_]+)}");

    private final SqlDialect dialect;
    private final String prefix;
    private final @Nullable RowSecurity rowSecurity;
    private final @Nullable RenderBudget budget;

    /**
     * @param dialect      the engine
     * @param quotedSchema the quoted schema, or {@code null} for the connection's default schema
     * @param rowSecurity  the engine's row-level security when the target enforces it, else
     *                     {@code null}; when it {@linkplain RowSecurity#switches() switches}, the
     *                     guarded forms switch a marked session instead of entering the tenant
     */
    SqlRenderer(SqlDialect dialect, @Nullable String quotedSchema, @Nullable RowSecurity rowSecurity) {
        this(dialect, quotedSchema, rowSecurity, null);
    }

    /**
     * @param dialect      the engine
     * @param quotedSchema the quoted schema, or {@code null}
     * @param rowSecurity  as above
     * @param budget       bounds how many statement sets keep their rendered SQL, or {@code null}
     */
    SqlRenderer(SqlDialect dialect, @Nullable String quotedSchema, @Nullable RowSecurity rowSecurity,
                @Nullable RenderBudget budget) {
        this.budget = budget;
        this.dialect = dialect;
        this.prefix = quotedSchema == null ? "" : quotedSchema + ".";
        this.rowSecurity = rowSecurity;
    }

    SqlDialect dialect() {
        return dialect;
    }

    @Nullable RenderBudget budget() {
        return budget;
    }

    /** @return the quoted schema tables are qualified with, or {@code null} */
    @Nullable String quotedSchema() {
        return prefix.isEmpty() ? null : prefix.substring(0, prefix.length() - 1);
    }

    /** @param name unqualified table name @return the qualified name */
    String table(String name) {
        return prefix + name;
    }

    /**
     * @param template SQL with tables written as {@code {ts_users}}
     * @return the statement for this target
     */
    Stmt stmt(String template) {
        Matcher m = TABLE.matcher(template);
        StringBuilder sql = new StringBuilder(template.length() + 64);
        while (m.find()) {
            m.appendReplacement(sql, Matcher.quoteReplacement(table(m.group(1))));
        }
        m.appendTail(sql);
        String plain = sql.toString();
        if (rowSecurity == null) {
            return new Stmt(plain);
        }
        return rowSecurity.switches()
                ? new Stmt(plain, rowSecurity.switchSql() + ";\n" + plain, true)
                : new Stmt(plain, rowSecurity.sessionTenantSql() + ";\n" + plain, false);
    }
}
