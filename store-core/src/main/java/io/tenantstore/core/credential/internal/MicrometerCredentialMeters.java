package io.tenantstore.core.credential.internal;

import java.time.Duration;
import java.util.Optional;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tenantstore.CredentialException;
import io.tenantstore.core.credential.CredentialRefreshListener;
import io.tenantstore.core.credential.RefreshingCredentialProvider;

/**
 * Micrometer meters of one {@link RefreshingCredentialProvider}. The only class of the credential
 * packages that refers to Micrometer; it is loaded only when a registry is configured, so Micrometer
 * stays an optional dependency. Thread-safe.
 */
public final class MicrometerCredentialMeters implements CredentialRefreshListener {
    private final Counter successes;
    private final Counter failures;

    private MicrometerCredentialMeters(MeterRegistry registry, String source, RefreshingCredentialProvider provider) {
        this.successes = Counter.builder("tenantstore.credential.refresh")
                .description("Credential mints, by result")
                .tag("source", source).tag("result", "success")
                .register(registry);
        this.failures = Counter.builder("tenantstore.credential.refresh")
                .description("Credential mints, by result")
                .tag("source", source).tag("result", "failure")
                .register(registry);
        // Gauges hold the provider weakly (Micrometer's default), so they do not keep a closed pool's provider alive.
        Gauge.builder("tenantstore.credential.ttl", provider, MicrometerCredentialMeters::ttlSeconds)
                .description("Time until the cached credential expires; +Inf when it does not")
                .baseUnit("seconds")
                .tag("source", source)
                .register(registry);
        Gauge.builder("tenantstore.credential.breaker.state", provider, p -> p.breakerState().ordinal())
                .description("Credential circuit breaker: 0 closed, 1 open, 2 half-open")
                .tag("source", source)
                .register(registry);
    }

    /**
     * @param registry a {@link MeterRegistry}
     * @param source   the provider's name, used as the {@code source} tag
     * @param provider the provider whose state the gauges read
     * @return a listener counting mints
     */
    public static CredentialRefreshListener bind(Object registry, String source, RefreshingCredentialProvider provider) {
        return new MicrometerCredentialMeters((MeterRegistry) registry, source, provider);
    }

    private static double ttlSeconds(RefreshingCredentialProvider p) {
        Optional<Duration> ttl = p.timeToLive();
        return ttl.map(d -> d.toMillis() / 1000.0).orElse(Double.POSITIVE_INFINITY);
    }

    @Override
    public void refreshSucceeded(String source, Optional<Duration> timeToLive) {
        successes.increment();
    }

    @Override
    public void refreshFailed(String source, Optional<Duration> cachedTimeToLive, CredentialException error) {
        failures.increment();
    }
}
