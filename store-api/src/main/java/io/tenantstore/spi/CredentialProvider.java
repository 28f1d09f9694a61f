package io.tenantstore.spi;

import java.time.Duration;
import java.util.Optional;

/**
 * Mints database credentials: a fixed password, an environment variable, a mounted file, a
 * program that prints a short-lived token. The store wraps every provider in a caching, refreshing
 * layer, so {@link #mint()} is called rarely and never on a request's hot path. Implementations
 * must be thread-safe; the wrapper calls {@link #mint()} from one thread at a time.
 */
public interface CredentialProvider {
    /**
     * Obtains a credential. May block (run a program, read a file); should bound its own time.
     *
     * @return a fresh credential
     * @throws io.tenantstore.CredentialException when none can be obtained; the message names the
     *                                            source and never contains a secret
     */
    Credential mint();

    /**
     * @return a short description of the source for logs, metrics and messages, such as
     *         {@code file /run/secrets/db}; never a secret
     */
    default String description() {
        return getClass().getSimpleName();
    }

    /**
     * For sources that can change in place without saying when (a password file a Vault agent or a
     * Kubernetes secret mount rewrites): how often a caching wrapper should call {@link #mint()}
     * again while it holds a credential that has no expiry. A credential with an expiry is refreshed
     * by its expiry instead.
     *
     * @return the interval; empty (the default) to never re-check a credential without expiry
     */
    default Optional<Duration> recheckInterval() {
        return Optional.empty();
    }
}
