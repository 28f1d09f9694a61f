package io.tenantstore.core.credential;

import java.util.Objects;
import java.util.Optional;

import io.tenantstore.CredentialSpec;
import io.tenantstore.InvalidInputException;
import io.tenantstore.spi.Credential;
import io.tenantstore.spi.CredentialProvider;

/**
 * Turns a {@link CredentialSpec} (a {@code credentials:} block, or a {@code username}/{@code password}
 * pair) into providers. Stateless, thread-safe.
 */
public final class CredentialProviders {
    private CredentialProviders() {
    }

    /**
     * @param source          where credentials come from
     * @param defaultUsername the data source's username, used when the source supplies none
     * @return a provider for it
     * @throws InvalidInputException when a static source has no username
     */
    public static CredentialProvider of(CredentialSpec.Source source, Optional<String> defaultUsername) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(defaultUsername, "defaultUsername");
        if (source instanceof CredentialSpec.Static s) {
            String username = defaultUsername.orElseThrow(() ->
                    new InvalidInputException("a static credential needs the data source's username"));
            return new StaticCredentialProvider(Credential.of(username, s.password()));
        }
        if (source instanceof CredentialSpec.Environment e) {
            return new EnvironmentCredentialProvider(e, defaultUsername);
        }
        if (source instanceof CredentialSpec.File f) {
            return new FileCredentialProvider(f, defaultUsername);
        }
        if (source instanceof CredentialSpec.Command c) {
            return new CommandCredentialProvider(c, defaultUsername);
        }
        throw new IllegalArgumentException("unknown credential source: " + source.getClass().getName());
    }

    /**
     * A builder of a refreshing provider for the spec, with its refresh settings; set the clock,
     * executor, listeners and meter registry, then {@code build()} (which mints the first credential).
     *
     * @param spec            the source and refresh settings
     * @param defaultUsername the data source's username, used when the source supplies none
     * @return the builder
     */
    public static RefreshingCredentialProvider.Builder refreshing(CredentialSpec spec, Optional<String> defaultUsername) {
        Objects.requireNonNull(spec, "spec");
        return RefreshingCredentialProvider.builder(of(spec.source(), defaultUsername)).settings(spec.refresh());
    }
}
