package io.tenantstore.core.yaml;

import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tenantstore.InvalidInputException;
import io.tenantstore.Secret;
import io.tenantstore.SecretException;
import io.tenantstore.core.secret.Keyring;
import org.jspecify.annotations.Nullable;

/**
 * Resolves {@code ${ENV_VAR}} references from the environment. {@code enc:} values need a keyring
 * and raise {@link SecretException}; clear text is refused. Writes back only the reference a secret
 * was read through. Thread-safe when the lookup function is.
 */
public final class EnvSecretResolver implements SecretResolver {
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]{0,127})}");

    private final Function<String, @Nullable String> env;

    /**
     * @param env looks a variable up; returns {@code null} when it is not set
     */
    public EnvSecretResolver(Function<String, @Nullable String> env) {
        this.env = Objects.requireNonNull(env, "env");
    }

    /** @return a resolver reading {@link System#getenv(String)} */
    public static EnvSecretResolver system() {
        return new EnvSecretResolver(System::getenv);
    }

    /**
     * @param name an environment variable
     * @return its value, or {@code null} when unset
     */
    public @Nullable String lookup(String name) {
        return env.apply(name);
    }

    /**
     * @param text a value as written in YAML
     * @return whether it is a {@code ${NAME}} reference
     */
    public static boolean isReference(String text) {
        return REFERENCE.matcher(text).matches();
    }

    @Override
    public Secret resolve(String text, SecretSite site) {
        Matcher m = REFERENCE.matcher(text);
        if (m.matches()) {
            String name = m.group(1);
            String value = env.apply(name);
            if (value == null || value.isEmpty()) {
                throw new InvalidInputException(site.location() + ": " + site.field() + " refers to environment variable "
                        + name + ", which is not set");
            }
            return Secret.referenced(value, text);
        }
        if (text.startsWith(Keyring.PREFIX)) {
            throw new SecretException(site.location() + ": " + site.field()
                    + " is an encrypted value (enc:); encrypted values need a keyring (secrets: in store.yaml)");
        }
        if (text.contains("${")) {
            throw new InvalidInputException(site.location() + ": " + site.field()
                    + " is not a valid environment reference; write ${NAME} with letters, digits and _ only");
        }
        // Never quote the value: it is a password written in clear.
        throw new InvalidInputException(site.location() + ": " + site.field()
                + " must not be stored in clear; use ${ENV_VAR} (or an enc: value with a keyring)");
    }

    @Override
    public String reference(Secret secret, SecretSite site) {
        return secret.reference()
                .filter(EnvSecretResolver::isReference)
                .orElseThrow(() -> new SecretException(site.location() + ": " + site.field()
                        + " can only be written as a ${ENV_VAR} reference until a keyring is configured"
                        + " (secrets: in store.yaml); it is never written in clear"));
    }
}
