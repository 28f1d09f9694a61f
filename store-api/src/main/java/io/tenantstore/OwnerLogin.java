package io.tenantstore;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The login that owns a data source's tables and runs its migrations (DDL), apart from the runtime
 * login the pool uses for data (DML only). Immutable; {@link #toString()} never shows the password.
 *
 * @param username the owner login
 * @param password its password, or {@code null} (trust or peer authentication)
 */
public record OwnerLogin(String username, @Nullable Secret password) {
    /** Rejects a missing or blank username. */
    public OwnerLogin {
        Objects.requireNonNull(username, "username");
        if (username.isBlank()) {
            throw new InvalidInputException("owner username must not be blank");
        }
    }

    /** @return the username, with the password masked */
    @Override
    public String toString() {
        return "OwnerLogin[" + username + (password == null ? "" : ", password=****") + "]";
    }
}
