package io.tenantstore.testkit.internal;

import java.util.Objects;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * A value computed on first use and kept for the life of the JVM. A failed computation is not
 * kept: the next caller tries again and sees its own failure.
 *
 * <p>Thread-safe: concurrent first callers wait for one computation.
 *
 * @param <T> the value type
 */
public final class Once<T> {

    private final Supplier<T> factory;
    private volatile @Nullable T value;

    /** @param factory computes the value; must not return {@code null} */
    public Once(Supplier<T> factory) {
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    /** @return the value, computing it if no earlier call succeeded */
    public T get() {
        T known = value;
        if (known != null) {
            return known;
        }
        synchronized (this) {
            known = value;
            if (known == null) {
                known = Objects.requireNonNull(factory.get(), "factory returned null");
                value = known;
            }
            return known;
        }
    }

    /** @return whether a value has been computed */
    public boolean isDone() {
        return value != null;
    }
}
