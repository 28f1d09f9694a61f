package io.tenantstore.core.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * A consecutive-failure circuit breaker: {@code threshold} failures in a row open it for
 * {@code cooldown}; then one caller is let through as a half-open probe, whose success closes it
 * and whose failure opens it again. Time comes from the injected clock. Thread-safe.
 */
public final class CircuitBreaker {
    /** Breaker states. */
    public enum State {
        /** Calls pass. */
        CLOSED,
        /** Calls are refused until the cooldown ends. */
        OPEN,
        /** One probe call is in flight; others are refused. */
        HALF_OPEN
    }

    private final int threshold;
    private final Duration cooldown;
    private final Clock clock;
    private final Consumer<State> onTransition;

    private State state = State.CLOSED;
    private int failures;
    private Instant openedAt = Instant.EPOCH;

    /**
     * @param threshold    consecutive failures that open the breaker, at least 1
     * @param cooldown     how long it stays open, positive
     * @param clock        time source
     * @param onTransition told of every state change (called under the breaker's lock; must not block)
     */
    public CircuitBreaker(int threshold, Duration cooldown, Clock clock, Consumer<State> onTransition) {
        if (threshold < 1) {
            throw new IllegalArgumentException("threshold must be at least 1: " + threshold);
        }
        if (cooldown.isNegative() || cooldown.isZero()) {
            throw new IllegalArgumentException("cooldown must be positive: " + cooldown);
        }
        this.threshold = threshold;
        this.cooldown = cooldown;
        this.clock = clock;
        this.onTransition = onTransition;
    }

    /**
     * Asks to make a call. When open and the cooldown has passed, the first caller becomes the
     * half-open probe.
     *
     * @return whether the call may proceed
     */
    public synchronized boolean tryAcquire() {
        switch (state) {
            case CLOSED:
                return true;
            case OPEN:
                if (!clock.instant().isBefore(openedAt.plus(cooldown))) {
                    transition(State.HALF_OPEN);
                    return true;
                }
                return false;
            default:
                return false; // a probe is already in flight
        }
    }

    /** Records a successful call: closes the breaker. */
    public synchronized void onSuccess() {
        failures = 0;
        if (state != State.CLOSED) {
            transition(State.CLOSED);
        }
    }

    /** Records a failed call: opens the breaker at the threshold, or again after a failed probe. */
    public synchronized void onFailure() {
        failures++;
        if (state == State.HALF_OPEN || (state == State.CLOSED && failures >= threshold)) {
            openedAt = clock.instant();
            transition(State.OPEN);
        }
    }

    /** @return the current state */
    public synchronized State state() {
        return state;
    }

    /** @return when the breaker will let a probe through, meaningful while OPEN */
    public synchronized Instant retryAt() {
        return openedAt.plus(cooldown);
    }

    private void transition(State next) {
        state = next;
        onTransition.accept(next);
    }
}
