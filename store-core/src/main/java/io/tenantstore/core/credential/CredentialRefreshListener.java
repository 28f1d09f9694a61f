package io.tenantstore.core.credential;

import java.time.Duration;
import java.util.Optional;

import io.tenantstore.CredentialException;

/**
 * Told what a {@link RefreshingCredentialProvider} does: each mint that succeeded or failed, and
 * each change of its circuit breaker. Called on the thread that caused the event (the one that ran
 * the mint, or the caller that let a probe through), after the provider's locks are released;
 * implementations must be quick, must not block and must be thread-safe. An exception thrown here
 * is logged and otherwise ignored. Every method does nothing by default.
 */
public interface CredentialRefreshListener {
    /** States of a provider's circuit breaker. */
    enum BreakerState {
        /** Mints are attempted. */
        CLOSED,
        /** Mints are refused until the cooldown ends. */
        OPEN,
        /** One probe mint is in flight; its outcome closes or reopens the breaker. */
        HALF_OPEN
    }

    /**
     * A mint succeeded (including the first one, at construction).
     *
     * @param source     the provider's name
     * @param timeToLive how long the new credential stays valid; empty when it does not expire
     */
    default void refreshSucceeded(String source, Optional<Duration> timeToLive) {
    }

    /**
     * A mint failed; the cached credential is still served while it is valid.
     *
     * @param source           the provider's name
     * @param cachedTimeToLive how long the cached credential stays valid (zero once expired);
     *                         empty when it does not expire
     * @param error            what went wrong; its message never holds a secret
     */
    default void refreshFailed(String source, Optional<Duration> cachedTimeToLive, CredentialException error) {
    }

    /**
     * The circuit breaker changed state.
     *
     * @param source the provider's name
     * @param from   the previous state
     * @param to     the new state
     */
    default void breakerStateChanged(String source, BreakerState from, BreakerState to) {
    }
}
