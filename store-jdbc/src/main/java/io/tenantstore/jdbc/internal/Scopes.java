package io.tenantstore.jdbc.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import io.tenantstore.spi.InputRules;

/**
 * Scope lists in one text column, space-separated as in OAuth's {@code scope} parameter (RFC 6749
 * §3.3), which no scope name can contain. Thread-safe (stateless).
 */
final class Scopes {
    private Scopes() {
    }

    /** @param scopes validated scope names @return them joined by spaces */
    static String encode(Collection<String> scopes) {
        List<String> checked = new ArrayList<>(scopes.size());
        for (String s : scopes) {
            checked.add(InputRules.scope(s));
        }
        return String.join(" ", checked);
    }

    /** @param text the column @return the scope names, in stored order */
    static List<String> decode(String text) {
        return text.isEmpty() ? List.of() : List.of(text.split(" "));
    }
}
