package io.tenantstore.testkit.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

import io.tenantstore.InvalidInputException;
import io.tenantstore.testkit.TestDatabase.Engine;

/**
 * Pure string work on database URLs: pointing a URL at another database, reading MongoDB
 * credentials, and masking passwords for messages and {@code toString()}.
 *
 * <p>Stateless and thread-safe.
 */
public final class DatabaseUrls {

    /** {@code //user:password@} in any URL form. */
    private static final Pattern USERINFO_PASSWORD = Pattern.compile("(//[^/?#@:]*):[^/?#@]*@");
    /** {@code password=...} style query or property parameters (PostgreSQL, Connector/J, MariaDB). */
    private static final Pattern PASSWORD_PARAMETER =
            Pattern.compile("(?i)([?&;](?:password\\d?|pwd)=)[^&;]*");

    private DatabaseUrls() {
    }

    /**
     * Returns {@code url} with the database part replaced by {@code database}, keeping the scheme,
     * hosts, credentials and parameters.
     *
     * @param engine   the engine whose URL syntax applies
     * @param url      a JDBC URL ({@code jdbc:postgresql:}, {@code jdbc:mysql:}, {@code jdbc:mariadb:})
     *                 or a MongoDB connection string ({@code mongodb://}, {@code mongodb+srv://})
     * @param database an already validated database name
     * @return the URL of that database on the same server
     * @throws InvalidInputException if the URL is not of the engine's form
     */
    public static String withDatabase(Engine engine, String url, String database) {
        int start = switch (engine) {
            case POSTGRES -> afterPrefix(url, "jdbc:postgresql:");
            case MYSQL -> url.startsWith("jdbc:mariadb:") ? afterPrefix(url, "jdbc:mariadb:")
                    : afterPrefix(url, "jdbc:mysql:");
            case MONGODB -> url.startsWith("mongodb+srv:") ? afterPrefix(url, "mongodb+srv:")
                    : afterPrefix(url, "mongodb:");
        };
        int query = indexOf(url, '?', start);
        if (!url.startsWith("//", start)) {
            // only PostgreSQL has the host-less form jdbc:postgresql:database
            if (engine != Engine.POSTGRES) {
                throw new InvalidInputException("expected '//' after the scheme: " + redact(url));
            }
            return url.substring(0, start) + database + url.substring(query);
        }
        int slash = url.indexOf('/', start + 2);
        if (slash < 0 || slash > query) {
            // no database part yet: insert one before the parameters
            return url.substring(0, query) + "/" + database + url.substring(query);
        }
        return url.substring(0, slash + 1) + database + url.substring(query);
    }

    /**
     * Reads the user name from a MongoDB connection string.
     *
     * @param uri a {@code mongodb://} or {@code mongodb+srv://} connection string
     * @return the percent-decoded user name, empty when the string has none
     */
    public static Optional<String> mongoUsername(String uri) {
        return userInfo(uri).map(info -> {
            int colon = info.indexOf(':');
            return percentDecode(colon < 0 ? info : info.substring(0, colon));
        });
    }

    /**
     * Reads the password from a MongoDB connection string.
     *
     * @param uri a {@code mongodb://} or {@code mongodb+srv://} connection string
     * @return the percent-decoded password, empty when the string has none
     */
    public static Optional<String> mongoPassword(String uri) {
        return userInfo(uri).flatMap(info -> {
            int colon = info.indexOf(':');
            return colon < 0 ? Optional.empty() : Optional.of(percentDecode(info.substring(colon + 1)));
        });
    }

    /**
     * Masks the password in {@code url}, whether written as {@code user:password@} or as a
     * {@code password=} parameter, so the URL can go into a message or a log line.
     *
     * @param url any URL
     * @return the URL with every password replaced by {@code ***}
     */
    public static String redact(String url) {
        String masked = USERINFO_PASSWORD.matcher(url).replaceAll("$1:***@");
        return PASSWORD_PARAMETER.matcher(masked).replaceAll("$1***");
    }

    private static Optional<String> userInfo(String uri) {
        int scheme = uri.indexOf("://");
        if (scheme < 0) {
            return Optional.empty();
        }
        int hostStart = scheme + 3;
        int end = uri.length();
        for (int i = hostStart; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c == '/' || c == '?') {
                end = i;
                break;
            }
        }
        int at = uri.lastIndexOf('@', end - 1);
        return at < hostStart ? Optional.empty() : Optional.of(uri.substring(hostStart, at));
    }

    private static int afterPrefix(String url, String prefix) {
        if (!url.startsWith(prefix)) {
            throw new InvalidInputException("expected a URL starting with '" + prefix + "': " + redact(url));
        }
        return prefix.length();
    }

    private static int indexOf(String s, char c, int from) {
        int i = s.indexOf(c, from);
        return i < 0 ? s.length() : i;
    }

    /** RFC 3986 percent-decoding; unlike URLDecoder, '+' stays a plus. */
    private static String percentDecode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '%' && i + 2 < bytes.length) {
                int hi = Character.digit(bytes[i + 1], 16);
                int lo = Character.digit(bytes[i + 2], 16);
                if (hi >= 0 && lo >= 0) {
                    out.write(hi << 4 | lo);
                    i += 2;
                    continue;
                }
            }
            out.write(bytes[i]);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
