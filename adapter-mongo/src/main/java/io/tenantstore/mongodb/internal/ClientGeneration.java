package io.tenantstore.mongodb.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.mongodb.client.MongoClient;
import io.tenantstore.spi.Credential;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link MongoClient} of a data source and the login it was built with. The driver keeps one
 * credential per client, so a rotated password that the server starts to require means a new
 * generation ({@link ClientHolder}). Operations {@link #tryEnter() enter} and {@link #exit() exit}
 * it; once {@link #retire(Instant) retired} (replaced), its client is closed when the last
 * operation running on it exits, or at once when none is. Thread-safe.
 */
final class ClientGeneration {
    private static final Logger LOG = LoggerFactory.getLogger(ClientGeneration.class);

    private final long number;
    private final MongoClient client;
    private final @Nullable Credential login;
    private final ConcurrentHashMap<String, DatabaseHandles> databases = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean retired;
    private volatile @Nullable Instant retiredAt;

    /**
     * @param number the generation's number, 1 for a data source's first client
     * @param client the client; closed by this generation
     * @param login  the login it authenticates with, or {@code null} for none (or the URL's)
     */
    ClientGeneration(long number, MongoClient client, @Nullable Credential login) {
        this.number = number;
        this.client = Objects.requireNonNull(client, "client");
        this.login = login;
    }

    /** @return the generation's number, 1 for the first */
    long number() {
        return number;
    }

    /** @return the client; do not use it after the operation that entered this generation exits */
    MongoClient client() {
        return client;
    }

    /** @return the login the client authenticates with, or {@code null} for none; holds the secret */
    @Nullable Credential login() {
        return login;
    }

    /**
     * @param other a login
     * @return whether it is the one this client was built with (user and secret)
     */
    boolean loggedInAs(@Nullable Credential other) {
        if (login == null || other == null) {
            return login == other;
        }
        return login.username().equals(other.username()) && login.secret().equals(other.secret());
    }

    /**
     * @param name a database name
     * @return the handles of that database through this generation's client, made once
     */
    DatabaseHandles database(String name) {
        DatabaseHandles h = databases.get(name);
        if (h == null) {
            h = databases.computeIfAbsent(name, n -> new DatabaseHandles(this, client.getDatabase(n)));
        }
        return h;
    }

    /**
     * Counts an operation in, unless this generation was retired (the caller then takes the
     * current one). A {@code true} answer must be followed by exactly one {@link #exit()}.
     *
     * @return whether the operation may run on this generation
     */
    boolean tryEnter() {
        inFlight.incrementAndGet();
        // Counted before the check, and retire() sets the flag before reading the count, so either
        // this sees the flag or retire() sees this operation: a client in use is never closed.
        if (retired) {
            exit();
            return false;
        }
        return true;
    }

    /** Counts an operation out; the last one out of a retired generation closes its client. */
    void exit() {
        if (inFlight.decrementAndGet() == 0 && retired) {
            closeClient();
        }
    }

    /**
     * Marks this generation replaced; its client closes as soon as no operation runs on it.
     *
     * @param at when it was replaced, for the grace period of {@link #overdue}
     */
    void retire(Instant at) {
        retiredAt = at;
        retired = true;
        if (inFlight.get() == 0) {
            closeClient();
        }
    }

    /**
     * @param now   the current time
     * @param grace how long a retired client may stay open for operations still running on it
     * @return whether it was retired longer than {@code grace} ago and is still open
     */
    boolean overdue(Instant now, Duration grace) {
        Instant at = retiredAt;
        return at != null && !closed.get() && !now.isBefore(at.plus(grace));
    }

    /** @return whether it was replaced */
    boolean retired() {
        return retired;
    }

    /** @return how many operations run on it now */
    int inFlight() {
        return Math.max(0, inFlight.get());
    }

    /** @return whether its client was closed */
    boolean closed() {
        return closed.get();
    }

    /** Closes the client once, whatever still runs on it. */
    void closeClient() {
        if (closed.compareAndSet(false, true)) {
            try {
                client.close();
            } catch (RuntimeException e) {
                LOG.warn("closing MongoDB client #{} failed", number, e);
            }
        }
    }

    /** @return the number, user and state; never the secret */
    @Override
    public String toString() {
        return "ClientGeneration[#" + number + (login == null ? "" : ", user=" + login.username())
                + (retired ? ", retired" : "") + (closed.get() ? ", closed" : "") + "]";
    }
}
