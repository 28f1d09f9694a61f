package io.tenantstore.core.credential;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;

import io.tenantstore.CredentialException;
import io.tenantstore.CredentialSpec;
import io.tenantstore.InvalidInputException;
import io.tenantstore.core.credential.CredentialRefreshListener.BreakerState;
import io.tenantstore.core.credential.internal.MicrometerCredentialMeters;
import io.tenantstore.core.internal.CircuitBreaker;
import io.tenantstore.spi.Credential;
import io.tenantstore.spi.CredentialProvider;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caches a {@link CredentialProvider}'s credential and refreshes it ahead of its expiry, so that
 * {@link #current()} — called for every new database connection — never waits for a mint while the
 * cached credential is valid.
 *
 * <ul>
 *   <li><b>First mint</b> at construction, on the caller's thread: a misconfigured source fails at
 *       start with a {@link CredentialException}.</li>
 *   <li><b>Due time</b>: a credential received at {@code t} that expires at {@code e} (lifetime
 *       {@code L = e - t}) is due for refresh at {@code t + min(refreshAt·L, L - floor)}, moved
 *       earlier by a random jitter of up to {@code maxJitter} of that span, so never later than
 *       {@code e - floor} and never before {@code t}. When {@code L} is not longer than the floor,
 *       {@code refreshAt·L} is used (and a warning logged) rather than refreshing continuously.
 *       A credential without expiry is never refreshed, unless its source asks to be re-checked
 *       ({@link CredentialProvider#recheckInterval()}, e.g. a rewritten file).</li>
 *   <li><b>Background refresh</b>: the first call to {@link #current()} (or {@link #refreshIfDue()})
 *       at or after the due time submits one mint to the executor and returns the cached credential.</li>
 *   <li><b>Single flight</b>: at most one mint is in flight; concurrent callers never start another.</li>
 *   <li><b>Serve stale</b>: a failed mint keeps the cached credential while it is valid. Failed mints
 *       back off: {@code backoffInitial·2^(n-1)} after the {@code n}-th failure in a row, capped at
 *       {@code backoffMax}, shortened at random by up to 20%. A minted credential that has already
 *       expired counts as a failure.</li>
 *   <li><b>Circuit breaker</b>: {@code breakerThreshold} failures in a row open it for
 *       {@code breakerCooldown}; then one probe mint is let through, whose success closes it and whose
 *       failure opens it again. It never holds past {@code expiry - floor} while a cached credential
 *       is valid: from then on mints go on at the backoff's pace, so a source back before expiry
 *       causes no caller error. Every failure is logged at WARN (without the secret).</li>
 *   <li><b>Expired</b>: only once the cached credential has expired does a caller wait — for the mint
 *       in flight, or for a mint it runs itself on its own thread — and only if that mint fails, or
 *       backoff or the breaker forbid one, does it get a {@link CredentialException}.</li>
 * </ul>
 *
 * <p>Time comes from the injected {@link Clock}, background work runs on the injected
 * {@link Executor}; nothing here sleeps or owns a thread. Thread-safe.
 */
public final class RefreshingCredentialProvider {
    private static final Logger LOG = LoggerFactory.getLogger(RefreshingCredentialProvider.class);
    /** A failed mint's backoff is shortened at random by up to this fraction, so many sources spread out. */
    private static final double BACKOFF_JITTER = 0.2;
    /** Longer lifetimes are treated as this long: keeps the arithmetic in range; a 10-year token is refreshed within 8. */
    private static final Duration MAX_LIFETIME = Duration.ofDays(3650);

    private final CredentialProvider delegate;
    private final String name;
    private final Clock clock;
    private final Executor executor;
    private final CredentialSpec.Refresh settings;
    private final DoubleSupplier random;
    private final @Nullable Duration recheck;
    private final List<CredentialRefreshListener> listeners;
    private final CircuitBreaker breaker;

    private final Object lock = new Object();
    private volatile Cached cached;
    private volatile @Nullable CompletableFuture<Credential> inFlight;
    private volatile Instant lastMintedAt = Instant.MIN;
    private volatile Instant nextAttemptAt = Instant.MIN;
    private volatile BreakerState breakerState = BreakerState.CLOSED;
    private volatile boolean warnedShortLifetime;
    // Guarded by lock.
    private int consecutiveFailures;
    private @Nullable CredentialException lastFailure;
    private final List<Transition> pendingTransitions = new ArrayList<>();

    private record Cached(Credential credential, @Nullable Instant expiresAt, @Nullable Instant refreshDueAt) {
        boolean validAt(Instant now) {
            return expiresAt == null || now.isBefore(expiresAt);
        }

        boolean dueAt(Instant now) {
            return refreshDueAt != null && !now.isBefore(refreshDueAt);
        }
    }

    private record Transition(BreakerState from, BreakerState to) {
    }

    private RefreshingCredentialProvider(Builder b, CredentialSpec.Refresh settings) {
        this.delegate = b.delegate;
        this.name = b.name != null ? b.name : delegate.description();
        this.clock = b.clock;
        this.executor = b.executor;
        this.settings = settings;
        this.random = b.random;
        Optional<Duration> recheckInterval = delegate.recheckInterval();
        if (recheckInterval.isPresent() && (recheckInterval.get().isNegative() || recheckInterval.get().isZero())) {
            throw new InvalidInputException("recheckInterval of " + name + " must be positive: " + recheckInterval.get());
        }
        this.recheck = recheckInterval.orElse(null);
        this.breaker = new CircuitBreaker(settings.breakerThreshold(), settings.breakerCooldown(), clock,
                this::onBreakerTransition);

        Credential first;
        try {
            first = Objects.requireNonNull(delegate.mint(), "mint() returned null");
        } catch (CredentialException e) {
            throw new CredentialException("the first credential from " + name + " could not be minted: "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new CredentialException("the first credential from " + name + " could not be minted: "
                    + e.getClass().getName(), e);
        }
        Instant received = clock.instant();
        if (first.isExpiredAt(received)) {
            throw new CredentialException("the first credential from " + name + " had already expired at "
                    + first.expiresAt().orElseThrow() + " when it was received at " + received);
        }
        this.cached = cache(first, received);

        List<CredentialRefreshListener> all = new ArrayList<>(b.listeners);
        if (b.meterRegistry != null) {
            // Only this call loads Micrometer classes; without a registry they are never touched.
            all.add(MicrometerCredentialMeters.bind(b.meterRegistry, name, this));
        }
        this.listeners = List.copyOf(all);
        Optional<Duration> ttl = timeToLive(cached, received);
        notifyListeners(l -> l.refreshSucceeded(name, ttl));
    }

    /**
     * @param delegate the source to cache and refresh
     * @return a builder with the default settings of {@link CredentialSpec.Refresh#DEFAULTS}
     */
    public static Builder builder(CredentialProvider delegate) {
        return new Builder(delegate);
    }

    /**
     * The credential to log in with. While the cached credential is valid this returns it at once,
     * starting a background refresh when one is due. Once it has expired, waits for a new one.
     *
     * @return a valid credential
     * @throws CredentialException when the cached credential has expired and no new one could be
     *                             minted (the mint failed, or backoff or the open breaker forbid one)
     */
    public Credential current() {
        Cached c = cached;
        Instant now = clock.instant();
        if (c.validAt(now)) {
            if (c.dueAt(now)) {
                startBackgroundMint(now);
            }
            return c.credential();
        }
        return awaitFreshCredential();
    }

    /**
     * Starts a background mint when one is due (or the cached credential has expired) and backoff and
     * the breaker allow it; never waits. For a periodic task (a pool's health check) that keeps the
     * credential fresh when no connection asks for it.
     */
    public void refreshIfDue() {
        Cached c = cached;
        Instant now = clock.instant();
        if (!c.validAt(now) || c.dueAt(now)) {
            startBackgroundMint(now);
        }
    }

    /**
     * Starts a background mint now, although the cached credential is valid and not due: for when
     * the server has refused it (revoked early, rotated before this provider re-checked). Never
     * waits; single-flight, backoff and the breaker apply as for any refresh.
     */
    public void refreshNow() {
        startBackgroundMint(clock.instant(), true);
    }

    /**
     * For a login the server refused: returns a credential minted after {@code since} (when the
     * credential it refused was handed out), minting one and waiting for it when none is. Single
     * flight: any number of callers refused at once cause one mint and share its result.
     *
     * @param since when the refused attempt began
     * @return a credential minted after {@code since}, or the cached one when backoff or the breaker
     *         forbid a new mint (the caller's retry then fails as before)
     * @throws CredentialException when the mint fails
     */
    public Credential refreshAfterRejection(Instant since) {
        if (!lastMintedAt.isBefore(since)) {
            return cached.credential(); // another caller's refresh already replaced it
        }
        startBackgroundMint(clock.instant(), true);
        CompletableFuture<Credential> f = inFlight;
        if (f == null) {
            return cached.credential();
        }
        try {
            return f.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof CredentialException ce ? ce
                    : new CredentialException("refreshing the credential from " + name + " failed", cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CredentialException("interrupted while waiting for a credential from " + name, e);
        }
    }

    /** @return the name used in logs, messages, listener calls and meter tags */
    public String name() {
        return name;
    }

    /** @return when the cached credential expires; empty when it does not */
    public Optional<Instant> expiresAt() {
        return Optional.ofNullable(cached.expiresAt());
    }

    /** @return when the cached credential is due for refresh; empty when it never is */
    public Optional<Instant> refreshDueAt() {
        return Optional.ofNullable(cached.refreshDueAt());
    }

    /** @return how long the cached credential stays valid (zero once expired); empty when it does not expire */
    public Optional<Duration> timeToLive() {
        return timeToLive(cached, clock.instant());
    }

    /** @return the circuit breaker's state */
    public BreakerState breakerState() {
        return breakerState;
    }

    @Override
    public String toString() {
        Cached c = cached;
        return "RefreshingCredentialProvider[" + name + ", expiresAt=" + (c.expiresAt() == null ? "never" : c.expiresAt())
                + ", refreshDueAt=" + (c.refreshDueAt() == null ? "never" : c.refreshDueAt())
                + ", breaker=" + breakerState + "]";
    }

    private void startBackgroundMint(Instant now) {
        startBackgroundMint(now, false);
    }

    private void startBackgroundMint(Instant now, boolean force) {
        // Lock-free exits for the many callers that arrive while a mint runs or during backoff.
        if (inFlight != null || now.isBefore(nextAttemptAt)) {
            return;
        }
        CompletableFuture<Credential> mint = null;
        synchronized (lock) {
            Cached c = cached;
            boolean needed = force || !c.validAt(now) || c.dueAt(now);
            if (inFlight == null && !now.isBefore(nextAttemptAt) && needed && breakerAllows(c, now)) {
                mint = new CompletableFuture<>();
                inFlight = mint;
            }
        }
        dispatchTransitions();
        if (mint == null) {
            return;
        }
        CompletableFuture<Credential> f = mint;
        try {
            executor.execute(() -> runMint(f));
        } catch (RejectedExecutionException e) {
            recordFailure(f, new CredentialException("a credential refresh for " + name
                    + " could not start: the executor rejected it", e));
        }
    }

    /**
     * Whether the breaker lets a mint through. It never holds past {@code expiry - floor} while a
     * cached credential is valid: from then on mints are tried at the backoff's pace (at most 10 s
     * apart), so a source that comes back before expiry is noticed before any caller is refused.
     * Called under {@link #lock}.
     */
    private boolean breakerAllows(Cached c, Instant now) {
        if (breaker.tryAcquire()) {
            return true;
        }
        Instant expiresAt = c.expiresAt();
        return expiresAt != null && c.validAt(now) && !now.isBefore(expiresAt.minus(settings.floor()));
    }

    private Credential awaitFreshCredential() {
        CompletableFuture<Credential> f;
        boolean mine = false;
        Cached c;
        synchronized (lock) {
            Instant now = clock.instant();
            c = cached;
            if (c.validAt(now)) {
                return c.credential(); // refreshed meanwhile
            }
            f = inFlight;
            if (f == null) {
                if (now.isBefore(nextAttemptAt)) {
                    throw expired(c, "the last mint failed and the next attempt is not before " + nextAttemptAt,
                            lastFailure);
                }
                if (!breaker.tryAcquire()) {
                    throw expired(c, "the circuit breaker is open until " + breaker.retryAt()
                            + " after " + consecutiveFailures + " failed mints", lastFailure);
                }
                f = new CompletableFuture<>();
                inFlight = f;
                mine = true;
            }
        }
        dispatchTransitions();
        if (mine) {
            runMint(f); // this caller waits anyway; running here keeps a busy executor out of it
        }
        try {
            return f.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw expired(c, "the new mint failed", cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CredentialException("interrupted while waiting for a credential from " + name, e);
        }
    }

    private CredentialException expired(Cached c, String why, @Nullable Throwable cause) {
        String detail = cause == null ? "" : ": " + (cause instanceof CredentialException
                ? cause.getMessage() : cause.getClass().getName());
        return new CredentialException("the credential from " + name + " expired at " + c.expiresAt()
                + " and no new one is available; " + why + detail, cause);
    }

    private void runMint(CompletableFuture<Credential> f) {
        Credential minted;
        try {
            minted = delegate.mint();
            if (minted == null) {
                recordFailure(f, new CredentialException(name + " returned no credential"));
                return;
            }
        } catch (CredentialException e) {
            recordFailure(f, e);
            return;
        } catch (RuntimeException e) {
            // Foreign exception messages are not trusted to be free of secrets: name the type only.
            recordFailure(f, new CredentialException(name + " failed: " + e.getClass().getName(), e));
            return;
        } catch (Error e) {
            recordFailure(f, new CredentialException(name + " failed: " + e.getClass().getName(), e));
            throw e;
        }
        Instant received = clock.instant();
        if (minted.isExpiredAt(received)) {
            recordFailure(f, new CredentialException(name + " minted a credential that had already expired at "
                    + minted.expiresAt().orElseThrow() + " when it was received at " + received));
            return;
        }
        recordSuccess(f, minted, received);
    }

    private void recordSuccess(CompletableFuture<Credential> f, Credential minted, Instant received) {
        Cached next = cache(minted, received);
        synchronized (lock) {
            cached = next;
            lastMintedAt = received;
            consecutiveFailures = 0;
            lastFailure = null;
            nextAttemptAt = Instant.MIN;
            breaker.onSuccess();
            inFlight = null;
        }
        dispatchTransitions();
        LOG.debug("credential from {} refreshed; expires {}, next refresh due {}", name,
                next.expiresAt() == null ? "never" : next.expiresAt(),
                next.refreshDueAt() == null ? "never" : next.refreshDueAt());
        Optional<Duration> ttl = timeToLive(next, received);
        notifyListeners(l -> l.refreshSucceeded(name, ttl));
        f.complete(minted);
    }

    private void recordFailure(CompletableFuture<Credential> f, CredentialException error) {
        Instant now = clock.instant();
        Cached c;
        int failures;
        synchronized (lock) {
            failures = ++consecutiveFailures;
            lastFailure = error;
            nextAttemptAt = now.plus(backoff(failures));
            breaker.onFailure();
            inFlight = null;
            c = cached;
        }
        dispatchTransitions();
        if (c.validAt(now)) {
            LOG.warn("credential refresh for {} failed ({} in a row); serving the cached credential, valid until {}: {}",
                    name, failures, c.expiresAt() == null ? "(never expires)" : c.expiresAt(), error.getMessage());
        } else {
            LOG.error("credential refresh for {} failed ({} in a row) and the cached credential expired at {}: {}",
                    name, failures, c.expiresAt(), error.getMessage());
        }
        Optional<Duration> ttl = timeToLive(c, now);
        notifyListeners(l -> l.refreshFailed(name, ttl, error));
        f.completeExceptionally(error);
    }

    private Cached cache(Credential c, Instant received) {
        Optional<Instant> expiry = c.expiresAt();
        if (expiry.isEmpty()) {
            return new Cached(c, null, recheck == null ? null : received.plus(jittered(recheck)));
        }
        Duration lifetime = Duration.between(received, expiry.get());
        if (lifetime.compareTo(MAX_LIFETIME) > 0) {
            lifetime = MAX_LIFETIME;
        }
        Duration untilDue = fraction(lifetime, settings.refreshAt());
        Duration untilFloor = lifetime.minus(settings.floor());
        if (untilFloor.isNegative() || untilFloor.isZero()) {
            // Honouring the floor would mean refreshing again right after every mint.
            if (!warnedShortLifetime) {
                warnedShortLifetime = true;
                LOG.warn("credential from {} lives {}, not longer than the refresh floor {}; refreshing at {} of its"
                        + " lifetime", name, lifetime, settings.floor(), settings.refreshAt());
            }
        } else if (untilDue.compareTo(untilFloor) > 0) {
            untilDue = untilFloor;
        }
        return new Cached(c, expiry.get(), received.plus(jittered(untilDue)));
    }

    /** Moves a due time earlier, never later, by up to maxJitter of the span. */
    private Duration jittered(Duration span) {
        return span.minus(fraction(span, settings.maxJitter() * nextRandom()));
    }

    private Duration backoff(int failures) {
        Duration max = settings.backoffMax();
        Duration d = settings.backoffInitial();
        for (int i = 1; i < failures && d.compareTo(max) < 0; i++) {
            d = d.multipliedBy(2);
        }
        if (d.compareTo(max) > 0) {
            d = max;
        }
        return d.minus(fraction(d, BACKOFF_JITTER * nextRandom()));
    }

    private double nextRandom() {
        double r = random.getAsDouble();
        if (!(r >= 0)) {
            return 0;
        }
        return r >= 1 ? Math.nextDown(1.0) : r;
    }

    private static Duration fraction(Duration d, double f) {
        return Duration.ofMillis(Math.round(d.toMillis() * f));
    }

    private static Optional<Duration> timeToLive(Cached c, Instant now) {
        if (c.expiresAt() == null) {
            return Optional.empty();
        }
        Duration left = Duration.between(now, c.expiresAt());
        return Optional.of(left.isNegative() ? Duration.ZERO : left);
    }

    /** Called by the breaker, under its lock and ours: only records; listeners run after both are released. */
    private void onBreakerTransition(CircuitBreaker.State state) {
        BreakerState to = switch (state) {
            case CLOSED -> BreakerState.CLOSED;
            case OPEN -> BreakerState.OPEN;
            case HALF_OPEN -> BreakerState.HALF_OPEN;
        };
        pendingTransitions.add(new Transition(breakerState, to));
        breakerState = to;
    }

    private void dispatchTransitions() {
        List<Transition> events;
        synchronized (lock) {
            if (pendingTransitions.isEmpty()) {
                return;
            }
            events = List.copyOf(pendingTransitions);
            pendingTransitions.clear();
        }
        for (Transition t : events) {
            if (t.to() == BreakerState.OPEN) {
                LOG.warn("credential circuit breaker for {} opened for {}", name, settings.breakerCooldown());
            } else {
                LOG.info("credential circuit breaker for {} is {}", name, t.to());
            }
            notifyListeners(l -> l.breakerStateChanged(name, t.from(), t.to()));
        }
    }

    private void notifyListeners(Consumer<CredentialRefreshListener> call) {
        for (CredentialRefreshListener l : listeners) {
            try {
                call.accept(l);
            } catch (RuntimeException e) {
                LOG.warn("credential refresh listener {} failed for {}", l.getClass().getName(), name, e);
            }
        }
    }

    /**
     * Builds a {@link RefreshingCredentialProvider}; each setter validates its value and quotes it.
     * {@link #build()} mints the first credential. Not thread-safe.
     */
    public static final class Builder {
        // Lets each setter check its own value; build() checks the values against each other.
        private static final CredentialSpec.Refresh LENIENT = new CredentialSpec.Refresh(1.0, 0.0, Duration.ZERO,
                Duration.ofMillis(1), Duration.ofDays(36500), 1, Duration.ofMillis(1));

        private final CredentialProvider delegate;
        private @Nullable String name;
        private Clock clock = Clock.systemUTC();
        private Executor executor = ForkJoinPool.commonPool();
        private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();
        private final List<CredentialRefreshListener> listeners = new ArrayList<>();
        private @Nullable Object meterRegistry;
        private double refreshAt;
        private double maxJitter;
        private Duration floor;
        private Duration backoffInitial;
        private Duration backoffMax;
        private int breakerThreshold;
        private Duration breakerCooldown;

        private Builder(CredentialProvider delegate) {
            this.delegate = Objects.requireNonNull(delegate, "delegate");
            settings(CredentialSpec.Refresh.DEFAULTS);
        }

        /**
         * @param name the name in logs, messages, listener calls and meter tags (never a secret);
         *             Default: the delegate's {@link CredentialProvider#description()}
         * @return this
         */
        public Builder name(String name) {
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new InvalidInputException("credential provider name must not be blank: '" + name + "'");
            }
            this.name = name;
            return this;
        }

        /** @param clock the time source; Default: {@link Clock#systemUTC()} @return this */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * @param executor runs background mints; Default: {@link ForkJoinPool#commonPool()} — pass a
         *                 dedicated one when mints block long (commands). It should run tasks on
         *                 another thread: one that runs them on the caller's (a direct executor, a
         *                 caller-runs rejection policy) makes the caller that triggers a refresh wait
         *                 for it. A rejected task counts as a failed mint.
         * @return this
         */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /**
         * @param random values in [0, 1) for the jitter of due times and backoffs (tests pass a fixed
         *               one); Default: {@link ThreadLocalRandom}
         * @return this
         */
        public Builder random(DoubleSupplier random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /** @param listener told of refreshes and breaker changes; may be called more than once @return this */
        public Builder listener(CredentialRefreshListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Registers meters: {@code tenantstore.credential.refresh} (counter, tag {@code result} =
         * success | failure), {@code tenantstore.credential.ttl} (gauge, seconds) and
         * {@code tenantstore.credential.breaker.state} (gauge: 0 closed, 1 open, 2 half-open), all
         * tagged {@code source} = the name.
         *
         * @param registry an {@code io.micrometer.core.instrument.MeterRegistry}; typed {@code Object}
         *                 so that this class loads without Micrometer on the classpath
         * @return this
         */
        public Builder meterRegistry(Object registry) {
            Objects.requireNonNull(registry, "registry");
            this.meterRegistry = io.tenantstore.core.internal.OptionalMicrometer.requireRegistry(registry);
            return this;
        }


        /**
         * Sets every refresh setting at once, e.g. from a {@link CredentialSpec}.
         *
         * @param settings the settings
         * @return this
         */
        public Builder settings(CredentialSpec.Refresh settings) {
            Objects.requireNonNull(settings, "settings");
            refreshAt = settings.refreshAt();
            maxJitter = settings.maxJitter();
            floor = settings.floor();
            backoffInitial = settings.backoffInitial();
            backoffMax = settings.backoffMax();
            breakerThreshold = settings.breakerThreshold();
            breakerCooldown = settings.breakerCooldown();
            return this;
        }

        /** @param refreshAt fraction of the lifetime, in (0, 1]; Default: 0.8 @return this */
        public Builder refreshAt(double refreshAt) {
            LENIENT.withRefreshAt(refreshAt);
            this.refreshAt = refreshAt;
            return this;
        }

        /** @param maxJitter largest random advance of a due time, in [0, 0.5]; Default: 0.1 @return this */
        public Builder maxJitter(double maxJitter) {
            LENIENT.withMaxJitter(maxJitter);
            this.maxJitter = maxJitter;
            return this;
        }

        /** @param floor least time before expiry at which a refresh is due; Default: 30 s @return this */
        public Builder floor(Duration floor) {
            LENIENT.withFloor(floor);
            this.floor = floor;
            return this;
        }

        /** @param backoffInitial wait after the first failed mint, at least 1 ms; Default: 100 ms @return this */
        public Builder backoffInitial(Duration backoffInitial) {
            LENIENT.withBackoffInitial(backoffInitial);
            this.backoffInitial = backoffInitial;
            return this;
        }

        /** @param backoffMax longest wait between failed mints; Default: 10 s @return this */
        public Builder backoffMax(Duration backoffMax) {
            LENIENT.withBackoffMax(backoffMax);
            this.backoffMax = backoffMax;
            return this;
        }

        /** @param breakerThreshold failures in a row that open the breaker, at least 1; Default: 5 @return this */
        public Builder breakerThreshold(int breakerThreshold) {
            LENIENT.withBreakerThreshold(breakerThreshold);
            this.breakerThreshold = breakerThreshold;
            return this;
        }

        /** @param breakerCooldown how long the breaker stays open, at least 1 ms; Default: 60 s @return this */
        public Builder breakerCooldown(Duration breakerCooldown) {
            LENIENT.withBreakerCooldown(breakerCooldown);
            this.breakerCooldown = breakerCooldown;
            return this;
        }

        /**
         * Mints the first credential on this thread.
         *
         * @return the provider
         * @throws InvalidInputException when the settings contradict each other
         * @throws CredentialException   when the first mint fails or yields an expired credential
         */
        public RefreshingCredentialProvider build() {
            CredentialSpec.Refresh settings = new CredentialSpec.Refresh(refreshAt, maxJitter, floor,
                    backoffInitial, backoffMax, breakerThreshold, breakerCooldown);
            return new RefreshingCredentialProvider(this, settings);
        }
    }
}
