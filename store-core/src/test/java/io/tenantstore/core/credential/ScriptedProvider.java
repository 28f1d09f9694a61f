package io.tenantstore.core.credential;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.tenantstore.CredentialException;
import io.tenantstore.Secret;
import io.tenantstore.spi.Credential;
import io.tenantstore.spi.CredentialProvider;

/**
 * A credential source whose answers the test scripts: by default a credential valid for
 * {@code lifetime} from now, with a password naming the mint's number. Thread-safe.
 */
final class ScriptedProvider implements CredentialProvider {
    /** Every secret this source hands out contains this, so tests can look for leaks. */
    static final String SECRET_MARK = "pw-s3cr3t-";

    private final Clock clock;
    private final AtomicInteger mints = new AtomicInteger();
    private volatile Function<Integer, Credential> script;
    private volatile Optional<Duration> recheck = Optional.empty();

    ScriptedProvider(Clock clock, Duration lifetime) {
        this.clock = clock;
        this.script = n -> valid(lifetime, n);
    }

    Credential valid(Duration lifetime, int n) {
        Instant now = clock.instant();
        return Credential.expiring("app", Secret.of(SECRET_MARK + n), now.plus(lifetime));
    }

    static CredentialException failure(int n) {
        return new CredentialException("token service unavailable (attempt " + n + ")");
    }

    void script(Function<Integer, Credential> script) {
        this.script = script;
    }

    void recheck(Duration interval) {
        this.recheck = Optional.of(interval);
    }

    int mints() {
        return mints.get();
    }

    @Override
    public Credential mint() {
        return script.apply(mints.incrementAndGet());
    }

    @Override
    public String description() {
        return "scripted";
    }

    @Override
    public Optional<Duration> recheckInterval() {
        return recheck;
    }
}
