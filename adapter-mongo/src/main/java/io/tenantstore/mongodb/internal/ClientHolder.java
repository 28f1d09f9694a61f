package io.tenantstore.mongodb.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

import com.mongodb.client.MongoClient;
import io.tenantstore.spi.Text;
import io.tenantstore.CredentialException;
import io.tenantstore.StoreException;
import io.tenantstore.UnavailableException;
import io.tenantstore.core.credential.RefreshingCredentialProvider;
import io.tenantstore.spi.Credential;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The current {@link MongoClient} of a data source, replaced when its login stops working.
 *
 * <p>The driver authenticates every new pooled connection with the one credential its client was
 * built with, so a rotated password cannot be handed to a running client. The client is kept for
 * as long as it works — a rotation alone rebuilds nothing, because the server usually accepts the
 * old password until it expires — and rebuilt only when the server refuses its login
 * ({@link MongoErrors#isLoginRefused}):
 * <ol>
 *   <li>the failing operation asks the credential source for its current credential;</li>
 *   <li>when that differs (user or secret) from the one the client was built with, a new client is
 *       built with it and swapped in. Single flight: concurrent callers that failed on the same
 *       client wait for the one rebuild and use its result;</li>
 *   <li>the operation is run once more, on the new client. That is safe because a login is refused
 *       while a connection is opened, before the request is sent (see
 *       {@link #execute(String, String, Function)} for what an operation may do);</li>
 *   <li>the replaced client is closed when the last operation still running on it ends, or,
 *       if one hangs, by the first {@link #closeOverdue()} {@value #RETIRED_GRACE_SECONDS} s after
 *       the swap.</li>
 * </ol>
 * When the source has nothing newer, the refusal surfaces as a {@link CredentialException};
 * without a credential source (a fixed password, or no login) as before, an
 * {@link UnavailableException}. Messages never contain a secret.
 *
 * <p>The hot path takes no lock: one volatile read of the current generation, and an atomic count
 * of the operation into and out of it (so a replaced client is never closed under a running
 * operation). Thread-safe.
 */
final class ClientHolder implements AutoCloseable {
    /** How long a replaced client may stay open for operations still running on it, in seconds. */
    static final long RETIRED_GRACE_SECONDS = 60;
    /** Default: 60 s. */
    static final Duration RETIRED_GRACE = Duration.ofSeconds(RETIRED_GRACE_SECONDS);

    private static final Logger LOG = LoggerFactory.getLogger(ClientHolder.class);

    private final ClientSetup setup;
    private final @Nullable RefreshingCredentialProvider credentials;
    private final ClientFactory factory;
    private final OperationRunner runner;
    private final Clock clock;
    private final Object lock = new Object();
    private volatile ClientGeneration current;
    private volatile boolean closed;
    // Guarded by lock.
    private final List<ClientGeneration> retired = new ArrayList<>();
    private long built;

    private ClientHolder(ClientSetup setup, @Nullable RefreshingCredentialProvider credentials, ClientFactory factory,
                         OperationRunner runner, Clock clock, ClientGeneration first) {
        this.setup = setup;
        this.credentials = credentials;
        this.factory = factory;
        this.runner = runner;
        this.clock = clock;
        this.current = first;
        this.built = first.number();
    }

    /**
     * Builds the first client, with the source's current credential or the config's fixed login.
     * Nothing is sent to the server yet.
     *
     * @param setup       the data source's settings
     * @param credentials the credential source, or {@code null} to use {@link ClientSetup#fixedLogin()}
     * @param factory     makes clients
     * @param runner      runs operations
     * @param clock       the time of retirements, for the grace period
     * @return the holder
     * @throws CredentialException when the source has no valid credential
     * @throws StoreException      when the client cannot be made
     */
    static ClientHolder open(ClientSetup setup, @Nullable RefreshingCredentialProvider credentials,
                             ClientFactory factory, OperationRunner runner, Clock clock) {
        Objects.requireNonNull(setup, "setup");
        Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(runner, "runner");
        Objects.requireNonNull(clock, "clock");
        Credential login = credentials != null ? credentials.current() : setup.fixedLogin().orElse(null);
        ClientGeneration first = new ClientGeneration(1, create(factory, setup, login, "opening "
                + setup.description()), login);
        return new ClientHolder(setup, credentials, factory, runner, clock, first);
    }

    private static MongoClient create(ClientFactory factory, ClientSetup setup, @Nullable Credential login,
                                      String operation) {
        try {
            return Objects.requireNonNull(factory.create(setup, login), "the client factory returned null");
        } catch (RuntimeException e) {
            throw MongoErrors.translate(e, operation);
        }
    }

    /**
     * Runs an operation on the current client; when the server refuses that client's login and
     * the credential source has a new credential, rebuilds the client and runs the operation once
     * more on the new one.
     *
     * <p>So {@code work} may run twice, the first run having failed to open a connection. It must
     * therefore send at most one write, as its last request: reads before it are repeated, and an
     * earlier write that succeeded would be applied twice. The driver's handles it uses must come
     * from the generation it is given, never from an earlier call.
     *
     * @param operation what is done, for messages, e.g. {@code "create user"}
     * @param subject   appended to {@code operation} in messages, e.g. {@code " in tenant 'acme'"};
     *                  passed apart so that the hot path builds no string
     * @param work      the operation
     * @param <T>       its result type
     * @return its result
     * @throws StoreException the operation's failure translated ({@link MongoErrors#translate}), or
     *                        a {@link CredentialException} when the login is refused and no new
     *                        credential helps
     */
    <T> T execute(String operation, String subject, Function<ClientGeneration, T> work) {
        ClientGeneration g = enter(operation, subject);
        RuntimeException refused;
        try {
            return runner.run(g, work);
        } catch (RuntimeException e) {
            if (credentials == null || !MongoErrors.isLoginRefused(e)) {
                throw MongoErrors.translate(e, operation + subject);
            }
            refused = e;
        } finally {
            g.exit();
        }
        replaceAfterRefusal(g, refused, operation, subject);
        ClientGeneration next = enter(operation, subject);
        try {
            return runner.run(next, work);
        } catch (RuntimeException e) {
            if (MongoErrors.isLoginRefused(e)) {
                throw new CredentialException(operation + subject + " failed: MongoDB refused the login of "
                        + user(next) + " with the new credential from " + sourceName() + " too", e);
            }
            throw MongoErrors.translate(e, operation + subject);
        } finally {
            next.exit();
        }
    }

    /** @return the current generation, entered: the caller must {@link ClientGeneration#exit()} it */
    private ClientGeneration enter(String operation, String subject) {
        while (true) {
            ClientGeneration g = current;
            if (g.tryEnter()) {
                return g;
            }
            // Retired between the read and the entry: a newer one is current, unless we are closed.
            if (closed) {
                throw new UnavailableException(UnavailableException.Reason.CLOSED, operation + subject
                        + " failed: the MongoDB connection to " + setup.description() + " is closed", null);
            }
        }
    }

    /**
     * After {@code failed}'s login was refused: makes sure a client with the source's current
     * credential is current, building it if no other caller did.
     *
     * @throws CredentialException when the source has no valid credential, or only the refused one
     */
    private void replaceAfterRefusal(ClientGeneration failed, RuntimeException refused, String operation,
                                     String subject) {
        RefreshingCredentialProvider source = Objects.requireNonNull(credentials);
        synchronized (lock) {
            if (current != failed) {
                return; // another caller already replaced it; retry on that one
            }
            if (closed) {
                throw new UnavailableException(UnavailableException.Reason.CLOSED, operation + subject
                        + " failed: the MongoDB connection to " + setup.description() + " is closed", refused);
            }
            Credential now;
            try {
                now = source.current();
            } catch (CredentialException e) {
                CredentialException none = new CredentialException(operation + subject + " failed: MongoDB refused"
                        + " the login of " + user(failed) + " and no new credential could be obtained: "
                        + e.getMessage(), e);
                none.addSuppressed(refused);
                throw none;
            }
            if (failed.loggedInAs(now)) {
                // Nothing newer yet: the server says this one is no good, so mint again for the next attempt.
                source.refreshNow();
                throw new CredentialException(operation + subject + " failed: MongoDB refused the login of "
                        + user(failed) + " and " + sourceName() + " has no newer credential", refused);
            }
            long number = built + 1;
            MongoClient client = create(factory, setup, now, "rebuilding the client of " + setup.description()
                    + " with a new credential");
            built = number;
            ClientGeneration next = new ClientGeneration(number, client, now);
            current = next;
            failed.retire(clock.instant());
            retired.add(failed);
            retired.removeIf(ClientGeneration::closed);
            LOG.info("MongoDB refused the login of {} for {}; replaced client #{} by #{} with the new credential"
                    + " from {}", user(failed), setup.description(), failed.number(), number, sourceName());
        }
    }

    /**
     * Closes replaced clients that operations still use {@link #RETIRED_GRACE} after they were
     * replaced (those operations fail); for a periodic health check.
     *
     * @return how many were closed
     */
    int closeOverdue() {
        List<ClientGeneration> overdue = new ArrayList<>();
        synchronized (lock) {
            retired.removeIf(ClientGeneration::closed);
            for (ClientGeneration g : retired) {
                if (g.overdue(clock.instant(), RETIRED_GRACE)) {
                    overdue.add(g);
                }
            }
            retired.removeAll(overdue);
        }
        for (ClientGeneration g : overdue) {
            LOG.warn("closing replaced MongoDB client #{} of {} with {} operation(s) still running on it, {} after"
                    + " it was replaced", g.number(), setup.description(), g.inFlight(), RETIRED_GRACE);
            g.closeClient();
        }
        return overdue.size();
    }

    /**
     * @return the current generation, not entered. Its client and handles are for callers outside
     *         the store's operations ({@code unwrap}); they stop working once it is replaced.
     */
    ClientGeneration current() {
        return current;
    }

    /** @return how many clients were built, the first included */
    long clientsBuilt() {
        synchronized (lock) {
            return built;
        }
    }

    /** @return whether {@link #close()} was called */
    boolean isClosed() {
        return closed;
    }

    /** Closes every client at once, replaced ones too; operations still running on them fail. */
    @Override
    public void close() {
        List<ClientGeneration> all;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            all = new ArrayList<>(retired);
            all.add(current);
            retired.clear();
        }
        for (ClientGeneration g : all) {
            g.retire(clock.instant());
            g.closeClient();
        }
    }

    private String sourceName() {
        return credentials == null ? "the configured password" : "credential source " + credentials.name();
    }

    private static String user(ClientGeneration g) {
        Credential login = g.login();
        return login == null ? "(no user)" : Text.quote(login.username());
    }

    /** @return the data source and current generation; never a secret */
    @Override
    public String toString() {
        return "ClientHolder[" + setup.description() + ", " + current + (closed ? ", closed" : "") + "]";
    }
}
