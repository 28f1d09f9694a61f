package io.tenantstore.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tenantstore.jdbc.StubDialect;
import org.junit.jupiter.api.Test;

/**
 * Every statement the repositories run names the tenant by equality on every table it touches, and
 * every row it inserts leads with {@code tenant_id}: the property a sharding layer (Citus, Vitess)
 * needs to send each statement to the one shard holding the tenant, and the library's own defence
 * in depth under every isolation. The catalog side (keys leading with {@code tenant_id}) is checked
 * against real servers by the adapters' {@code DistributableSchemaIT}.
 */
class TenantKeyedStatementsTest {
    private static final String SCHEMA = "\"t_probe\"";
    /** A table reference with an optional alias: {@code "t_probe".ts_users u}. */
    private static final Pattern TABLE_REF = Pattern.compile(
            Pattern.quote(SCHEMA) + "\\.(ts_[a-z_]+)(?:\\s+(?!WHERE|SET|ON|JOIN|LEFT|ORDER|VALUES|\\(|KEY|\\[)([a-z]{1,3})\\b)?");
    /** {@code tenant_id = ?} or a join {@code a.tenant_id = b.tenant_id}. */
    private static final Pattern TENANT_PREDICATE = Pattern.compile(
            "(?:\\b([a-z]{1,3})\\.)?tenant_id = (?:\\?|[a-z]{1,3}\\.tenant_id)");
    private static final Pattern INSERT = Pattern.compile("^INSERT INTO " + Pattern.quote(SCHEMA)
            + "\\.ts_[a-z_]+ \\((\\w+)");
    private static final Pattern STUB_WRITE = Pattern.compile("^(?:UPSERT|INSERT-IF-ABSENT) " + Pattern.quote(SCHEMA)
            + "\\.ts_[a-z_]+ \\[(\\w+),.* KEY \\[(\\w+)");

    private final SqlRenderer renderer = new SqlRenderer(new StubDialect(true, false), SCHEMA, null);

    @Test
    void everyStatementOfEveryRepositoryIsBoundToOneTenant() {
        Map<String, String> statements = statements();
        assertThat(statements).hasSizeGreaterThan(50);
        List<String> problems = new ArrayList<>();
        statements.forEach((name, sql) -> {
            String problem = problem(sql);
            if (problem != null) {
                problems.add(name + ": " + problem + "\n    " + sql);
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void theCheckCatchesAStatementWithoutTheTenant() {
        assertThat(problem(renderer.stmt("SELECT id FROM {ts_users} WHERE email_normalized = ?").sql()))
                .contains("1 table");
        assertThat(problem(renderer.stmt("SELECT u.id FROM {ts_users} u JOIN {ts_user_roles} ur ON ur.user_id = u.id"
                + " WHERE u.tenant_id = ?").sql())).isNotNull();
        assertThat(problem(renderer.stmt("INSERT INTO {ts_users} (id, tenant_id) VALUES (?, ?)").sql()))
                .contains("leads with id");
        assertThat(problem(renderer.stmt("SELECT id FROM {ts_users} WHERE tenant_id = ? AND id = ?").sql())).isNull();
    }

    /** @return why {@code sql} is not bound to one tenant, or {@code null} when it is */
    private static String problem(String sql) {
        Matcher insert = INSERT.matcher(sql);
        if (insert.find()) {
            return insert.group(1).equals("tenant_id") ? null : "the inserted row leads with " + insert.group(1);
        }
        Matcher write = STUB_WRITE.matcher(sql);
        if (write.find()) {
            return write.group(1).equals("tenant_id") && write.group(2).equals("tenant_id") ? null
                    : "the written row or its key does not lead with tenant_id";
        }
        int tables = 0;
        List<String> aliases = new ArrayList<>();
        Matcher ref = TABLE_REF.matcher(sql);
        while (ref.find()) {
            tables++;
            if (ref.group(2) != null) {
                aliases.add(ref.group(2));
            }
        }
        int predicates = 0;
        List<String> constrained = new ArrayList<>();
        Matcher p = TENANT_PREDICATE.matcher(sql);
        while (p.find()) {
            predicates++;
            if (p.group(1) != null) {
                constrained.add(p.group(1));
            }
            String join = p.group().substring(p.group().indexOf('=') + 1).trim();
            if (join.endsWith(".tenant_id")) {
                constrained.add(join.substring(0, join.indexOf('.')));
            }
        }
        if (predicates < tables) {
            return tables + " table reference(s) but " + predicates + " tenant_id equalities";
        }
        for (String alias : aliases) {
            if (!constrained.contains(alias)) {
                return "table alias " + alias + " is not constrained by tenant_id";
            }
        }
        return null;
    }

    private Map<String, String> statements() {
        Map<String, String> out = new LinkedHashMap<>();
        add(out, JdbcUserRepository.Sql.class);
        add(out, JdbcTokenRepository.Sql.class);
        add(out, JdbcMfaRepository.Sql.class);
        add(out, JdbcConsentRepository.Sql.class);
        add(out, JdbcRbacRepository.Sql.class);
        return out;
    }

    private <E extends Enum<E> & StatementSet.Definition> void add(Map<String, String> out, Class<E> type) {
        for (E e : type.getEnumConstants()) {
            out.put(type.getEnclosingClass().getSimpleName() + "." + e.name(), e.render(renderer).sql());
        }
    }
}
