package io.tenantstore.jdbc.internal;

import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * The statements of one repository on one target, each rendered the first time it is used and
 * kept: the SQL of a call is never built per call, and a target holds only the statements its
 * tenants use (a schema target's statements differ from every other schema's, so with thousands of
 * schemas this is most of the per-tenant memory). Thread-safe: two threads rendering the same
 * statement at once produce equal strings, either may win.
 *
 * @param <E> the repository's statement enum
 */
final class StatementSet<E extends Enum<E> & StatementSet.Definition> {
    /** One statement: how to render it for a target. */
    interface Definition {
        /** @param r the target's renderer @return the statement */
        Stmt render(SqlRenderer r);
    }

    private final SqlRenderer renderer;
    private final int size;
    /**
     * Created at the first use: most tenants of a schema target use a few repositories, so the
     * others cost this object only. A racy read sees null or a complete {@link Stmt} (its fields
     * are final); a lost race renders a statement twice, never a wrong one.
     */
    private volatile Stmt @Nullable [] rendered;

    StatementSet(SqlRenderer renderer, Class<E> type) {
        this.renderer = renderer;
        this.size = type.getEnumConstants().length;
    }

    /** @param statement which @return it, rendered for this target */
    Stmt get(E statement) {
        Stmt[] all = rendered;
        if (all == null) {
            all = new Stmt[size];
            rendered = all;
            RenderBudget budget = renderer.budget();
            if (budget != null) {
                budget.rendered(this);
            }
        }
        Stmt s = all[statement.ordinal()];
        if (s == null) {
            s = statement.render(renderer);
            all[statement.ordinal()] = s;
        }
        return s;
    }

    /** Forgets the rendered statements (the budget is spent elsewhere); the next use renders again. */
    void drop() {
        rendered = null;
    }

    /** @return how many statements are rendered (tests) */
    int renderedCount() {
        Stmt[] all = rendered;
        return all == null ? 0 : (int) java.util.Arrays.stream(all).filter(java.util.Objects::nonNull).count();
    }

    SqlRenderer renderer() {
        return renderer;
    }

    /** Adapts a lambda to {@link Definition}, for enum constants. */
    static Definition of(Function<SqlRenderer, Stmt> render) {
        return render::apply;
    }
}
