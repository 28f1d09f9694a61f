package io.tenantstore.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tenantstore.jdbc.StubDialect;
import org.junit.jupiter.api.Test;

class TargetTest {
    private static final Pattern TABLE_REFERENCE = Pattern.compile("(\\S*?)(ts_[a-z_]+)\\b");

    @Test
    void everyStatementOfASchemaTargetQualifiesEveryTable() {
        Target t = Target.of(new SqlRenderer(new StubDialect(true, false), "\"t_acme\"", null), "t_acme",
                "\"t_acme\"", false);
        List<Stmt> stmts = statements(t);
        assertThat(stmts).hasSizeGreaterThan(50);
        for (Stmt s : stmts) {
            Matcher m = TABLE_REFERENCE.matcher(s.sql());
            int tables = 0;
            while (m.find()) {
                if (isColumnOrConstraint(m)) {
                    continue;
                }
                tables++;
                assertThat(m.group(1)).as(s.sql()).endsWith("\"t_acme\".");
            }
            assertThat(tables).as(s.sql()).isPositive();
        }
    }

    @Test
    void statementsAreRenderedOnceAndOnlyWhenUsed() {
        Target t = Target.of(new SqlRenderer(new StubDialect(true, false), "\"t_acme\"", null), "t_acme",
                "\"t_acme\"", false);
        assertThat(t.users().renderedCount()).isZero();
        Stmt first = t.users().get(JdbcUserRepository.Sql.BY_ID);
        assertThat(t.users().get(JdbcUserRepository.Sql.BY_ID)).isSameAs(first);
        assertThat(t.users().renderedCount()).isOne();
        assertThat(t.rbac().renderedCount()).isZero();
    }

    @Test
    void pastTheBudgetTheSetThatRenderedFirstDropsItsStatementsAndRendersThemAgainWhenUsed() {
        RenderBudget budget = new RenderBudget(2);
        List<Target> targets = new ArrayList<>();
        for (String schema : List.of("t_a", "t_b", "t_c")) {
            Target t = Target.of(new SqlRenderer(new StubDialect(true, false), "\"" + schema + "\"", null, budget),
                    schema, "\"" + schema + "\"", false);
            t.users().get(JdbcUserRepository.Sql.BY_ID);
            targets.add(t);
        }
        assertThat(budget.size()).isEqualTo(2);
        assertThat(targets.get(0).users().renderedCount()).isZero();
        assertThat(targets.get(1).users().renderedCount()).isOne();
        assertThat(targets.get(2).users().renderedCount()).isOne();
        // rendered again, for its own schema, when used again (and another set gives way)
        assertThat(targets.get(0).users().get(JdbcUserRepository.Sql.BY_ID).sql()).contains("\"t_a\".ts_users");
        assertThat(budget.size()).isEqualTo(2);
        assertThat(targets.get(1).users().renderedCount()).isZero();
    }

    @Test
    void everyStatementOfAGuardedTargetSetsTheTenant() {
        Target t = Target.of(new SqlRenderer(new StubDialect(true, true), null, StubDialect.ROW_SECURITY), null,
                null, true);
        for (Stmt s : statements(t)) {
            assertThat(s.guardedSql()).isEqualTo("SET-SESSION ?;\n" + s.sql());
        }
    }

    /** The words after {@code ts_} that are table names, not the start of a column or constraint. */
    private static boolean isColumnOrConstraint(Matcher m) {
        return !m.group(1).isEmpty() && !m.group(1).endsWith(".") && !m.group(1).endsWith("(");
    }

    private static List<Stmt> statements(Target t) {
        List<Stmt> all = new ArrayList<>();
        all.addAll(render(t.users(), JdbcUserRepository.Sql.class));
        all.addAll(render(t.tokens(), JdbcTokenRepository.Sql.class));
        all.addAll(render(t.mfa(), JdbcMfaRepository.Sql.class));
        all.addAll(render(t.consents(), JdbcConsentRepository.Sql.class));
        all.addAll(render(t.rbac(), JdbcRbacRepository.Sql.class));
        all.addAll(render(t.oneTimeTokens(), JdbcOneTimeTokenRepository.Sql.class));
        all.addAll(render(t.identities(), JdbcIdentityRepository.Sql.class));
        return all;
    }

    private static <E extends Enum<E> & StatementSet.Definition> List<Stmt> render(StatementSet<E> set,
                                                                                    Class<E> type) {
        List<Stmt> all = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            all.add(set.get(e));
        }
        return all;
    }
}
