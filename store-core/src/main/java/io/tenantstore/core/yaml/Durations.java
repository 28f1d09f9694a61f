package io.tenantstore.core.yaml;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tenantstore.InvalidInputException;

/**
 * Durations as written in YAML: a whole number with a unit ({@code 250ms}, {@code 30s},
 * {@code 10m}, {@code 24h}, {@code 30d}) or ISO-8601 ({@code PT30S}). Stateless and thread-safe.
 */
public final class Durations {
    private static final Pattern SHORT = Pattern.compile("([0-9]{1,15})(ms|s|m|h|d)");
    private static final long MS_PER_DAY = 86_400_000L;
    private static final long MS_PER_HOUR = 3_600_000L;
    private static final long MS_PER_MINUTE = 60_000L;
    private static final long MS_PER_SECOND = 1_000L;

    private Durations() {
    }

    /**
     * @param text e.g. {@code 30s}, {@code 10m}, {@code 24h}, {@code 30d} or {@code PT30S}
     * @return the duration
     * @throws InvalidInputException naming the text when it is neither form
     */
    public static Duration parse(String text) {
        String t = text.trim();
        Matcher m = SHORT.matcher(t);
        try {
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            }
            String upper = t.toUpperCase(Locale.ROOT);
            if (upper.startsWith("P") || upper.startsWith("-P") || upper.startsWith("+P")) {
                return Duration.parse(upper);
            }
        } catch (ArithmeticException | DateTimeParseException e) {
            // reported below with the accepted forms
        }
        throw new InvalidInputException("expected a duration like 30s, 10m, 24h, 30d or PT30S, found '"
                + YamlMap.quote(text) + "'");
    }

    /**
     * @param duration a duration
     * @return the shortest exact form with one unit ({@code 90s}, {@code 24h}), else ISO-8601
     */
    public static String format(Duration duration) {
        if (duration.isZero()) {
            return "0s";
        }
        if (duration.isNegative() || duration.getNano() % 1_000_000 != 0) {
            return duration.toString();
        }
        long ms;
        try {
            ms = duration.toMillis();
        } catch (ArithmeticException e) {
            return duration.toString();
        }
        if (ms % MS_PER_DAY == 0) {
            return ms / MS_PER_DAY + "d";
        }
        if (ms % MS_PER_HOUR == 0) {
            return ms / MS_PER_HOUR + "h";
        }
        if (ms % MS_PER_MINUTE == 0) {
            return ms / MS_PER_MINUTE + "m";
        }
        if (ms % MS_PER_SECOND == 0) {
            return ms / MS_PER_SECOND + "s";
        }
        return ms + "ms";
    }
}
