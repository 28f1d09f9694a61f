package io.tenantstore.core.credential;

import java.util.Objects;
import java.util.Optional;

import io.tenantstore.CredentialSpec;
import io.tenantstore.DbConfig;
import io.tenantstore.InvalidInputException;
import io.tenantstore.spi.AdapterConfig;
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
     * The refreshing provider an adapter's data source logs in with, when its config names a
     * credentials source: the store's clock and executor, the config's username as the default.
     * Mints the first credential now, so a misconfigured source fails when the pool opens.
     *
     * @param config the data source and the store's services
     * @param name   the name in logs and messages (the data source, never a secret)
     * @return the provider, or empty when the config has a fixed password or none
     * @throws io.tenantstore.CredentialException when the first mint fails
     */
    public static Optional<RefreshingCredentialProvider> forDataSource(AdapterConfig config, String name) {
        DbConfig db = config.db();
        return db.credentials().map(spec -> {
            RefreshingCredentialProvider.Builder b = refreshing(spec, db.username()).name(name).clock(config.clock())
                    .executor(config.executor());
            if (config.meterRegistry() != null) {
                b.meterRegistry(config.meterRegistry()); // the store's registry reaches the providers it builds
            }
            return b.build();
        });
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
