package io.tenantstore.core.yaml;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * A parsed YAML node that remembers the line it started on, so every later error can name it.
 * Immutable and thread-safe.
 */
public sealed interface YamlNode permits YamlNode.Scalar, YamlNode.Sequence, YamlNode.Mapping {
    /** @return the 1-based line the node starts on */
    int line();

    /** @return a short name of the node's kind for error messages */
    String kind();

    /**
     * A scalar.
     *
     * @param value the text, or {@code null} for a YAML null ({@code ~}, {@code null} or nothing)
     * @param line  1-based line
     */
    record Scalar(@Nullable String value, int line) implements YamlNode {
        @Override
        public String kind() {
            return value == null ? "null" : "a scalar";
        }
    }

    /**
     * A sequence.
     *
     * @param items the items, in order
     * @param line  1-based line
     */
    record Sequence(List<YamlNode> items, int line) implements YamlNode {
        /** Copies the items. */
        public Sequence {
            items = List.copyOf(items);
        }

        @Override
        public String kind() {
            return "a list";
        }
    }

    /**
     * A mapping with string keys, in document order.
     *
     * @param entries the entries by key, in document order (unmodifiable)
     * @param line    1-based line
     */
    record Mapping(Map<String, Entry> entries, int line) implements YamlNode {
        /** Copies the entries, keeping their order. */
        public Mapping {
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }

        /** @param key the key @return its entry, if present */
        public Optional<Entry> entry(String key) {
            return Optional.ofNullable(entries.get(key));
        }

        @Override
        public String kind() {
            return "a mapping";
        }
    }

    /**
     * One key of a mapping.
     *
     * @param key     the key
     * @param keyLine the 1-based line of the key
     * @param value   the value
     */
    record Entry(String key, int keyLine, YamlNode value) {
        /** Rejects nulls. */
        public Entry {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
        }
    }
}
