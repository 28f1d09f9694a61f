package io.tenantstore.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import io.tenantstore.jdbc.StubDialect;
import io.tenantstore.jdbc.SqlDialect;
import org.junit.jupiter.api.Test;

/** Row locks come from the dialect: no repository writes {@code FOR UPDATE} itself. */
class RowLockClauseTest {
    @Test
    void lockingReadsAppendTheDialectsClauseAndNothingElseDoes() {
        List<String> withRowLocks = all(new StubDialect(false, false));
        assertThat(withRowLocks.stream().filter(s -> s.endsWith(" FOR UPDATE"))).hasSize(4);

        SqlDialect noRowLocks = (SqlDialect) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {SqlDialect.class}, (proxy, method, args) -> method.getName().equals("rowLockClause") ? ""
                        : method.invoke(new StubDialect(false, false), args));
        assertThat(all(noRowLocks)).noneMatch(s -> s.contains("FOR UPDATE"));
    }

    private static List<String> all(SqlDialect dialect) {
        SqlRenderer r = new SqlRenderer(dialect, null, null);
        List<String> sql = new ArrayList<>();
        for (JdbcUserRepository.Sql s : JdbcUserRepository.Sql.values()) {
            sql.add(s.render(r).sql());
        }
        for (JdbcTokenRepository.Sql s : JdbcTokenRepository.Sql.values()) {
            sql.add(s.render(r).sql());
        }
        for (JdbcMfaRepository.Sql s : JdbcMfaRepository.Sql.values()) {
            sql.add(s.render(r).sql());
        }
        for (JdbcConsentRepository.Sql s : JdbcConsentRepository.Sql.values()) {
            sql.add(s.render(r).sql());
        }
        for (JdbcRbacRepository.Sql s : JdbcRbacRepository.Sql.values()) {
            sql.add(s.render(r).sql());
        }
        return sql;
    }
}
