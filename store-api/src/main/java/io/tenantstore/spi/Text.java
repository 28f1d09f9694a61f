package io.tenantstore.spi;

/** Showing caller-supplied text in error messages, the one way every module does it. Stateless, thread-safe. */
public final class Text {
    /** Longest part of a value shown. */
    static final int MAX_SHOWN = 80;

    private Text() {
    }

    /**
     * Quotes a user-supplied value for an error message.
     *
     * @param value the raw value, possibly {@code null}; never a secret
     * @return the value in single quotes, control and format characters escaped, long values cut
     */
    public static String quote(String value) {
        return value == null ? "null" : "'" + bounded(value) + "'";
    }

    /**
     * @param value a user-supplied value, never a secret
     * @return the value with control and format characters escaped, cut after 80 characters
     *         (marked {@code ...}), without quote marks
     */
    public static String bounded(String value) {
        if (value.length() <= MAX_SHOWN) {
            return printable(value);
        }
        return printable(value.substring(0, MAX_SHOWN)) + "...";
    }

    /**
     * @param text any text
     * @return the text with control and format characters escaped as in Java string literals
     */
    public static String printable(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            switch (cp) {
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> {
                    int type = Character.getType(cp);
                    if (Character.isISOControl(cp) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                            || type == Character.PARAGRAPH_SEPARATOR || type == Character.UNASSIGNED
                            || type == Character.SURROGATE) {
                        sb.append(String.format("\\u%04X", cp));
                    } else {
                        sb.appendCodePoint(cp);
                    }
                }
            }
        });
        return sb.toString();
    }
}
