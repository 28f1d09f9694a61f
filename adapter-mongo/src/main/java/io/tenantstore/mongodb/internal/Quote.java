package io.tenantstore.mongodb.internal;

/** Quoting caller-supplied values in error messages. Stateless, thread-safe. */
final class Quote {
    private static final int MAX_CHARS = 80;

    private Quote() {
    }

    /**
     * @param value a value from the caller, never a secret
     * @return the value in single quotes, control characters escaped, cut after 80 characters
     */
    static String of(String value) {
        StringBuilder b = new StringBuilder(Math.min(value.length(), MAX_CHARS) + 2).append('\'');
        for (int i = 0; i < value.length() && i < MAX_CHARS; i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        if (value.length() > MAX_CHARS) {
            b.append("...(").append(value.length()).append(" chars)");
        }
        return b.append('\'').toString();
    }
}
