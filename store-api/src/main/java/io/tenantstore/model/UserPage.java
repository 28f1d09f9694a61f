package io.tenantstore.model;

import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * One page of users, ordered by id.
 *
 * @param users      the users
 * @param nextCursor pass to the next query, or {@code null} on the last page
 */
public record UserPage(List<User> users, @Nullable String nextCursor) {
    /** Copies the list. */
    public UserPage {
        users = List.copyOf(users);
    }

    /** @return the cursor of the next page, if there is one */
    public Optional<String> next() {
        return Optional.ofNullable(nextCursor);
    }
}
