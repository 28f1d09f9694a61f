package io.tenantstore.jdbc.internal;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

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
    private final AtomicReferenceArray<Stmt> rendered;

    StatementSet(SqlRenderer renderer, Class<E> type) {
        this.renderer = renderer;
        this.rendered = new AtomicReferenceArray<>(type.getEnumConstants().length);
    }

    /** @param statement which @return it, rendered for this target */
    Stmt get(E statement) {
        Stmt s = rendered.get(statement.ordinal());
        if (s == null) {
            s = statement.render(renderer);
            rendered.set(statement.ordinal(), s);
        }
        return s;
    }

    SqlRenderer renderer() {
        return renderer;
    }

    /** Adapts a lambda to {@link Definition}, for enum constants. */
    static Definition of(Function<SqlRenderer, Stmt> render) {
        return render::apply;
    }
}
