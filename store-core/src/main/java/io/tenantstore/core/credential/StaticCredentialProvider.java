package io.tenantstore.core.credential;

import java.util.Objects;

import io.tenantstore.Secret;
import io.tenantstore.spi.Credential;
import io.tenantstore.spi.CredentialProvider;

/**
 * Always returns the same credential: a password written in configuration. Immutable and thread-safe.
 */
public final class StaticCredentialProvider implements CredentialProvider {
    private final Credential credential;

    /** @param credential the credential to return */
    public StaticCredentialProvider(Credential credential) {
        this.credential = Objects.requireNonNull(credential, "credential");
    }

    /**
     * @param username the login user
     * @param password the password
     * @return a provider of a credential that does not expire
     */
    public static StaticCredentialProvider of(String username, Secret password) {
        return new StaticCredentialProvider(Credential.of(username, password));
    }

    @Override
    public Credential mint() {
        return credential;
    }

    @Override
    public String description() {
        return "static credential for " + credential.username();
    }

    @Override
    public String toString() {
        return "StaticCredentialProvider[" + credential + "]";
    }
}
