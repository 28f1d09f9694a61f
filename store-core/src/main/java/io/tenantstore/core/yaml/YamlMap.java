package io.tenantstore.core.yaml;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import io.tenantstore.InvalidInputException;
import io.tenantstore.spi.Text;
import io.tenantstore.Secret;

/**
 * A typed reader over one YAML mapping. Each getter names the key it reads; {@link
 * #rejectUnknownKeys()} then fails on any key no getter asked for, naming it with its file and
 * line, so a typo never silently drops a setting. Every error is an {@link InvalidInputException}
 * starting with {@code <source>:<line>:}.
 *
 * <p>Not thread-safe: it records which keys were asked for. Use one instance per read.
 */
public final class YamlMap {
    private static final Pattern INTEGER = Pattern.compile("[-+]?[0-9]{1,19}");

    private final YamlNode.Mapping node;
    private final String source;
    private final String path;
    private final Set<String> asked = new LinkedHashSet<>();

    private YamlMap(YamlNode.Mapping node, String source, String path) {
        this.node = node;
        this.source = source;
        this.path = path;
    }

    /**
     * @param root   a document's root node
     * @param source how messages name the file
     * @return a reader over it
     * @throws InvalidInputException when the root is not a mapping
     */
    public static YamlMap root(YamlNode root, String source) {
        if (!(root instanceof YamlNode.Mapping m)) {
            throw new InvalidInputException(source + ":" + root.line() + ": expected a mapping at the top, found "
                    + (root instanceof YamlNode.Scalar s && s.value() == null ? "an empty document" : root.kind()));
        }
        return new YamlMap(m, source, "");
    }

    /** @return how messages name the file */
    public String source() {
        return source;
    }

    /** @return the dotted path of this mapping in its document, empty for the root */
    public String path() {
        return path;
    }

    /** @return the 1-based line the mapping starts on */
    public int line() {
        return node.line();
    }

    /** @return {@code source:line} of this mapping */
    public String location() {
        return source + ":" + node.line();
    }

    /**
     * @param key a key
     * @return {@code source:line} of the key's value, or of this mapping when the key is absent
     */
    public String location(String key) {
        return source + ":" + node.entry(key).map(e -> e.value().line()).orElse(node.line());
    }

    /**
     * @param key a key
     * @return the key's dotted path in the document, e.g. {@code settings.smtp.port}
     */
    public String pathOf(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /**
     * @param key a key
     * @return whether it is present with a non-null value
     */
    public boolean has(String key) {
        return node(key).isPresent();
    }

    /**
     * @param key a key
     * @return its value node; empty when absent or null
     */
    public Optional<YamlNode> node(String key) {
        asked.add(key);
        return node.entry(key).map(YamlNode.Entry::value)
                .filter(v -> !(v instanceof YamlNode.Scalar s && s.value() == null));
    }

    /**
     * @param key a key
     * @return its text
     * @throws InvalidInputException when absent, null, empty or not a scalar
     */
    public String requireString(String key) {
        String text = string(key).orElseThrow(() -> error("missing required key '" + pathOf(key) + "'"));
        if (text.isEmpty()) {
            throw error(key, pathOf(key) + " must not be empty");
        }
        return text;
    }

    /**
     * @param key a key
     * @return its text when present (possibly empty)
     * @throws InvalidInputException when not a scalar
     */
    public Optional<String> string(String key) {
        return node(key).map(v -> scalar(key, v, "a string"));
    }

    /**
     * @param key a key
     * @return its value as an int when present
     * @throws InvalidInputException when not a decimal integer in range
     */
    public Optional<Integer> integer(String key) {
        return longValue(key).map(l -> {
            if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
                throw error(key, pathOf(key) + " is out of range: " + l);
            }
            return l.intValue();
        });
    }

    /**
     * @param key a key
     * @return its value as a long when present
     * @throws InvalidInputException when not a decimal integer in range
     */
    public Optional<Long> longValue(String key) {
        return node(key).map(v -> {
            String text = scalar(key, v, "an integer");
            if (INTEGER.matcher(text).matches()) {
                try {
                    return Long.parseLong(text);
                } catch (NumberFormatException e) {
                    // falls through to the error below
                }
            }
            throw error(key, pathOf(key) + ": expected an integer, found '" + quote(text) + "'");
        });
    }

    /**
     * @param key a key
     * @return its value as a boolean when present
     * @throws InvalidInputException unless {@code true} or {@code false}
     */
    public Optional<Boolean> bool(String key) {
        return node(key).map(v -> {
            String text = scalar(key, v, "true or false");
            return switch (text) {
                case "true", "True", "TRUE" -> true;
                case "false", "False", "FALSE" -> false;
                default -> throw error(key, pathOf(key) + ": expected true or false, found '" + quote(text) + "'");
            };
        });
    }

    /**
     * @param key a key
     * @return its value as a duration ({@code 30s}, {@code 10m}, {@code 24h}, {@code 30d}, ISO-8601) when present
     * @throws InvalidInputException when not a duration
     */
    public Optional<Duration> duration(String key) {
        return node(key).map(v -> {
            String text = scalar(key, v, "a duration");
            try {
                return Durations.parse(text);
            } catch (InvalidInputException e) {
                throw error(key, pathOf(key) + ": " + e.getMessage());
            }
        });
    }

    /**
     * @param key a key
     * @return its value as an ISO-8601 instant ({@code 2026-11-21T10:00:00Z}) when present
     * @throws InvalidInputException when not an instant
     */
    public Optional<Instant> instant(String key) {
        return node(key).map(v -> {
            String text = scalar(key, v, "a timestamp");
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                throw error(key, pathOf(key) + ": expected a UTC timestamp like 2026-11-21T10:00:00Z, found '"
                        + quote(text) + "'");
            }
        });
    }

    /**
     * @param key a key
     * @return a reader over the nested mapping when present
     * @throws InvalidInputException when not a mapping
     */
    public Optional<YamlMap> map(String key) {
        return node(key).map(v -> {
            if (!(v instanceof YamlNode.Mapping m)) {
                throw error(key, pathOf(key) + ": expected a mapping, found " + v.kind());
            }
            return new YamlMap(m, source, pathOf(key));
        });
    }

    /**
     * @param key a key
     * @return its strings; empty when absent
     * @throws InvalidInputException when not a list of non-empty scalars
     */
    public List<String> stringList(String key) {
        List<String> out = new ArrayList<>();
        for (YamlNode item : items(key)) {
            if (!(item instanceof YamlNode.Scalar s) || s.value() == null || s.value().isEmpty()) {
                throw at(item.line(), pathOf(key) + ": expected a list of strings, found " + item.kind());
            }
            out.add(s.value());
        }
        return List.copyOf(out);
    }

    /**
     * @param key a key
     * @return readers over its mappings; empty when absent
     * @throws InvalidInputException when not a list of mappings
     */
    public List<YamlMap> mapList(String key) {
        List<YamlMap> out = new ArrayList<>();
        List<YamlNode> items = items(key);
        for (int i = 0; i < items.size(); i++) {
            YamlNode item = items.get(i);
            if (!(item instanceof YamlNode.Mapping m)) {
                throw at(item.line(), pathOf(key) + ": expected a list of mappings, found " + item.kind());
            }
            out.add(new YamlMap(m, source, pathOf(key) + "[" + i + "]"));
        }
        return List.copyOf(out);
    }

    /**
     * @param key a key
     * @return its string-to-string entries in document order; empty when absent
     * @throws InvalidInputException when not a mapping of scalars
     */
    public Map<String, String> stringMap(String key) {
        Map<String, String> out = new LinkedHashMap<>();
        map(key).ifPresent(m -> {
            for (YamlNode.Entry e : m.node.entries().values()) {
                m.asked.add(e.key());
                out.put(e.key(), m.scalar(e.key(), e.value(), "a string"));
            }
        });
        return out;
    }

    /**
     * Reads a secret through a resolver ({@code ${ENV}}, {@code enc:...}); clear text is refused by it.
     *
     * @param key      a key
     * @param resolver turns the stored form into the value
     * @param owner    whose secret this is, e.g. a tenant slug or {@code store}
     * @return the secret when present
     */
    public Optional<Secret> secret(String key, SecretResolver resolver, String owner) {
        return node(key).map(v -> {
            if (!(v instanceof YamlNode.Scalar s) || s.value() == null) {
                throw error(key, pathOf(key) + ": expected a string, found " + v.kind());
            }
            return resolver.resolve(s.value(), new SecretSite(owner, pathOf(key), source + ":" + v.line()));
        });
    }

    /**
     * Fails on the first key no getter asked for.
     *
     * @throws InvalidInputException naming the key, its line and the keys allowed here
     */
    public void rejectUnknownKeys() {
        for (YamlNode.Entry e : node.entries().values()) {
            if (!asked.contains(e.key())) {
                throw at(e.keyLine(), "unknown key '" + quote(pathOf(e.key())) + "'"
                        + (asked.isEmpty() ? "" : "; expected one of: " + String.join(", ", asked)));
            }
        }
    }

    /**
     * Runs a constructor that validates its input and locates its {@link InvalidInputException}
     * at this mapping.
     *
     * @param what  names what is built, e.g. {@code settings.smtp}
     * @param build the constructor call
     * @param <T>   the built type
     * @return what it built
     */
    public <T> T build(String what, Supplier<T> build) {
        try {
            return build.get();
        } catch (InvalidInputException e) {
            throw new InvalidInputException(location() + ": " + what + ": " + e.getMessage(), e);
        }
    }

    /**
     * Like {@link #build(String, Supplier)}, located at one key's value.
     *
     * @param key   the key whose value is being used
     * @param build the constructor call
     * @param <T>   the built type
     * @return what it built
     */
    public <T> T buildAt(String key, Supplier<T> build) {
        try {
            return build.get();
        } catch (InvalidInputException e) {
            throw new InvalidInputException(location(key) + ": " + pathOf(key) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Runs a check that throws {@link InvalidInputException} and locates the error at one key's value.
     *
     * @param key   the key whose value is checked
     * @param check the check
     */
    public void checkAt(String key, Runnable check) {
        buildAt(key, () -> {
            check.run();
            return Boolean.TRUE;
        });
    }

    /**
     * @param message what is wrong with this mapping
     * @return an error located at it
     */
    public InvalidInputException error(String message) {
        return at(node.line(), message);
    }

    /**
     * @param key     the key whose value is wrong
     * @param message what is wrong
     * @return an error located at the key's value
     */
    public InvalidInputException error(String key, String message) {
        return new InvalidInputException(location(key) + ": " + message);
    }

    private InvalidInputException at(int line, String message) {
        return new InvalidInputException(source + ":" + line + ": " + message);
    }

    private List<YamlNode> items(String key) {
        return node(key).map(v -> {
            if (!(v instanceof YamlNode.Sequence s)) {
                throw error(key, pathOf(key) + ": expected a list, found " + v.kind());
            }
            return s.items();
        }).orElse(List.of());
    }

    private String scalar(String key, YamlNode v, String expected) {
        if (!(v instanceof YamlNode.Scalar s) || s.value() == null) {
            throw at(v.line(), pathOf(key) + ": expected " + expected + ", found " + v.kind());
        }
        return s.value();
    }

    /**
     * Quotes user text for a message: control characters escaped, long text cut.
     *
     * @param text the text
     * @return a printable, bounded form, without quote marks (messages add their own)
     */
    public static String quote(String text) {
        return Text.bounded(text);
    }
}
