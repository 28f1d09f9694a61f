package io.tenantstore.model;

import org.jspecify.annotations.Nullable;

/**
 * A page request for {@code UserRepository.list}.
 *
 * @param limit  page size, 1 to {@value #MAX_LIMIT}; Default: {@value #DEFAULT_LIMIT}
 * @param search case-insensitive prefix of the email, display name, given name or family name
 *               (leading and trailing spaces ignored; a blank search matches everyone), or
 *               {@code null}; every engine answers it from an index
 * @param cursor the {@link UserPage#nextCursor()} of the previous page, or {@code null}
 */
public record UserQuery(int limit, @Nullable String search, @Nullable String cursor) {
    /** Default page size. */
    public static final int DEFAULT_LIMIT = 50;
    /** Largest page size. */
    public static final int MAX_LIMIT = 200;

    /** Validates the limit. */
    public UserQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new io.tenantstore.InvalidInputException(
                    "limit must be between 1 and " + MAX_LIMIT + ": " + limit);
        }
        if (search != null && search.length() > 256) {
            throw new io.tenantstore.InvalidInputException("search must be at most 256 characters: " + search.length());
        }
    }

    /** @return the first page with the default size */
    public static UserQuery firstPage() {
        return new UserQuery(DEFAULT_LIMIT, null, null);
    }
}
