package io.tenantstore.core.credential;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import io.tenantstore.CredentialException;
import io.tenantstore.CredentialSpec;
import io.tenantstore.Secret;
import io.tenantstore.spi.Credential;
import io.tenantstore.spi.CredentialProvider;
import org.jspecify.annotations.Nullable;

/**
 * Reads the password (and optionally the user name) from environment variables at each mint. The
 * credential has no expiry. Thread-safe when the lookup function is.
 */
public final class EnvironmentCredentialProvider implements CredentialProvider {
    private final CredentialSpec.Environment spec;
    private final Optional<String> defaultUsername;
    private final Function<String, @Nullable String> env;

    /**
     * Reads {@link System#getenv(String)}.
     *
     * @param spec            which variables to read
     * @param defaultUsername the user name when {@code spec} names no username variable
     */
    public EnvironmentCredentialProvider(CredentialSpec.Environment spec, Optional<String> defaultUsername) {
        this(spec, defaultUsername, System::getenv);
    }

    /**
     * @param spec            which variables to read
     * @param defaultUsername the user name when {@code spec} names no username variable
     * @param env             looks a variable up; returns {@code null} when it is not set
     */
    public EnvironmentCredentialProvider(CredentialSpec.Environment spec, Optional<String> defaultUsername,
                                         Function<String, @Nullable String> env) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.defaultUsername = Objects.requireNonNull(defaultUsername, "defaultUsername");
        this.env = Objects.requireNonNull(env, "env");
    }

    @Override
    public Credential mint() {
        String password = read(spec.passwordVariable(), "password");
        String username;
        if (spec.usernameVariable().isPresent()) {
            username = read(spec.usernameVariable().get(), "username");
        } else {
            username = defaultUsername.orElseThrow(() -> new CredentialException("credential from environment variable "
                    + spec.passwordVariable() + " has no username: set the data source's username or a usernameVariable"));
        }
        if (username.isBlank()) {
            throw new CredentialException("environment variable " + spec.usernameVariable().orElse("")
                    + " (username) is blank");
        }
        return Credential.of(username, Secret.of(password));
    }

    private String read(String name, String what) {
        String v = env.apply(name);
        if (v == null || v.isEmpty()) {
            throw new CredentialException("environment variable " + name + " (" + what + ") is not set");
        }
        return v;
    }

    @Override
    public String description() {
        return "environment variable " + spec.passwordVariable();
    }

    @Override
    public String toString() {
        return "EnvironmentCredentialProvider[" + description() + "]";
    }
}
