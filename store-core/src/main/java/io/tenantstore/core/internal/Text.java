package io.tenantstore.core.internal;

/** Quoting user input in messages. Stateless, thread-safe. */
public final class Text {
    private Text() {
    }

    /**
     * Quotes a user-supplied value for an error message: control characters escaped, long values cut.
     *
     * @param value the raw value, possibly {@code null}
     * @return the value in single quotes, safe to print
     */
    public static String quote(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder(Math.min(value.length(), 80) + 2).append('\'');
        int n = 0;
        for (int i = 0; i < value.length() && n < 80; i++, n++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        if (value.length() > 80) {
            b.append("...(").append(value.length()).append(" chars)");
        }
        return b.append('\'').toString();
    }
}
