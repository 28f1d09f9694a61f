package io.tenantstore.core.yaml;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.tenantstore.InvalidInputException;
import io.tenantstore.spi.Text;
import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.ReaderException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.resolver.ScalarResolver;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Parses one YAML document into {@link YamlNode}s within limits: document size in code points,
 * number of aliases, nesting depth; duplicate keys, non-string keys, explicit tags and more than
 * one document are refused. Any failure is an {@link InvalidInputException} whose message starts
 * with {@code <source>:<line>:}; there is never a partial result.
 *
 * <p>The tree is built from parser events rather than snakeyaml's composer, so the depth limit
 * holds before any recursion and every node keeps its line. Immutable and thread-safe.
 */
public final class YamlLoader {
    /** Default: 1 MiB of code points per document. */
    public static final int DEFAULT_MAX_CODE_POINTS = 1 << 20;
    /** Default: 20 aliases per document; enough for sharing a block, far too few for an alias bomb. */
    public static final int DEFAULT_MAX_ALIASES = 20;
    /** Default: 32 levels of nesting. */
    public static final int DEFAULT_MAX_DEPTH = 32;
    /** Most nodes a document may stand for once its aliases are expanded. */
    public static final long MAX_EXPANDED_NODES = 100_000;

    /** A loader with the default limits. */
    public static final YamlLoader DEFAULT =
            new YamlLoader(DEFAULT_MAX_CODE_POINTS, DEFAULT_MAX_ALIASES, DEFAULT_MAX_DEPTH);

    private static final ScalarResolver SCALARS = new CoreSchema().getScalarResolver();

    private final int maxCodePoints;
    private final int maxAliases;
    private final int maxDepth;

    /**
     * @param maxCodePoints largest document, in code points
     * @param maxAliases    most aliases ({@code *name}) in a document
     * @param maxDepth      deepest nesting of lists and mappings
     */
    public YamlLoader(int maxCodePoints, int maxAliases, int maxDepth) {
        if (maxCodePoints < 1 || maxAliases < 0 || maxDepth < 1) {
            throw new IllegalArgumentException("limits must be positive: maxCodePoints=" + maxCodePoints
                    + ", maxAliases=" + maxAliases + ", maxDepth=" + maxDepth);
        }
        this.maxCodePoints = maxCodePoints;
        this.maxAliases = maxAliases;
        this.maxDepth = maxDepth;
    }

    /**
     * Reads a file whose root must be a mapping.
     *
     * @param file   the file
     * @param source how messages name it, e.g. {@code tenants/acme/tenant.yaml}
     * @return a typed reader over the root mapping
     * @throws IOException           when the file cannot be read (including when it is missing)
     * @throws InvalidInputException when it is not valid YAML within the limits
     */
    public YamlMap readMapping(Path file, String source) throws IOException {
        return YamlMap.root(read(file, source), source);
    }

    /**
     * Parses text whose root must be a mapping.
     *
     * @param text   the document
     * @param source how messages name it
     * @return a typed reader over the root mapping
     * @throws InvalidInputException when it is not valid YAML within the limits
     */
    public YamlMap parseMapping(String text, String source) {
        return YamlMap.root(parse(text, source), source);
    }

    /**
     * Reads a file as UTF-8, never holding more than the size limit in memory.
     *
     * @param file   the file
     * @param source how messages name it
     * @return the root node; a null scalar for an empty document
     * @throws IOException           when the file cannot be read
     * @throws InvalidInputException when it is not valid YAML within the limits
     */
    public YamlNode read(Path file, String source) throws IOException {
        // A code point takes at most 4 bytes: reading a few bytes past 4 * limit is enough to
        // prove a file too large without holding it all.
        int maxBytes = (int) Math.min(Integer.MAX_VALUE - 16, 4L * maxCodePoints + 8);
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(maxBytes + 1);
        }
        boolean truncated = bytes.length > maxBytes;
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CharBuffer chars = CharBuffer.allocate(bytes.length + 1);
        CoderResult result = decoder.decode(ByteBuffer.wrap(bytes), chars, !truncated);
        if (!result.isError() && !truncated) {
            result = decoder.flush(chars);
        }
        chars.flip();
        String text = chars.toString();
        if (result.isError()) {
            throw new InvalidInputException(source + ":" + (text.chars().filter(c -> c == '\n').count() + 1)
                    + ": not valid UTF-8");
        }
        checkSize(text, source);
        if (truncated) {
            throw tooLarge(source, (int) text.chars().filter(c -> c == '\n').count() + 1);
        }
        return parse(text, source);
    }

    /**
     * Parses one document.
     *
     * @param text   the document
     * @param source how messages name it
     * @return the root node; a null scalar for an empty document
     * @throws InvalidInputException when it is not valid YAML within the limits
     */
    public YamlNode parse(String text, String source) {
        checkSize(text, source);
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1);
        }
        LoadSettings settings = LoadSettings.builder()
                .setLabel(source)
                .setSchema(new CoreSchema())
                .setAllowDuplicateKeys(false)
                .setAllowRecursiveKeys(false)
                .setMaxAliasesForCollections(Math.max(1, maxAliases))
                // our own check above is authoritative; this only backs it up
                .setCodePointLimit(maxCodePoints + 16)
                .setUseMarks(true)
                .build();
        try {
            return new TreeBuilder(source).build(new Parse(settings).parseString(text));
        } catch (MarkedYamlEngineException e) {
            Optional<Mark> mark = e.getProblemMark().or(e::getContextMark);
            int line = mark.map(m -> m.getLine() + 1).orElse(1);
            String problem = e.getProblem() != null ? e.getProblem() : "invalid YAML";
            String context = e.getContext() != null ? e.getContext() + ": " : "";
            throw new InvalidInputException(source + ":" + line + ": " + Text.printable(context + problem), e);
        } catch (ReaderException e) {
            throw new InvalidInputException(source + ":" + lineAt(text, e.getPosition())
                    + ": character U+" + Integer.toHexString(e.getCodePoint()).toUpperCase(java.util.Locale.ROOT)
                    + " is not allowed in YAML", e);
        } catch (YamlEngineException e) {
            throw new InvalidInputException(source + ":1: " + Text.printable(String.valueOf(e.getMessage())), e);
        }
    }

    private void checkSize(String text, String source) {
        if (text.length() <= maxCodePoints) {
            return;
        }
        int codePoints = 0;
        int line = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Character.isLowSurrogate(c)) {
                codePoints++;
            }
            if (c == '\n') {
                line++;
            }
            if (codePoints > maxCodePoints) {
                throw tooLarge(source, line);
            }
        }
    }

    private InvalidInputException tooLarge(String source, int line) {
        return new InvalidInputException(source + ":" + line + ": document exceeds the limit of "
                + maxCodePoints + " characters");
    }

    private static int lineAt(String text, int codePointIndex) {
        int line = 1;
        int index = 0;
        for (int i = 0; i < text.length() && index < codePointIndex; i++) {
            char c = text.charAt(i);
            if (!Character.isLowSurrogate(c)) {
                index++;
            }
            if (c == '\n') {
                line++;
            }
        }
        return line;
    }

    /** Builds nodes from events with an explicit stack; one instance per document. Not thread-safe. */
    private final class TreeBuilder {
        private final String source;
        private final Deque<Open> stack = new ArrayDeque<>();
        private final Map<String, YamlNode> anchors = new HashMap<>();
        private @Nullable YamlNode root;
        private int documents;
        private int aliases;
        // Nodes of the document as readers will walk it, aliases expanded: a few aliases to nested
        // aliases can otherwise stand for a tree far larger than the file ("billion laughs").
        private long expanded;
        private final Map<YamlNode, Long> sizes = new java.util.IdentityHashMap<>();

        TreeBuilder(String source) {
            this.source = source;
        }

        YamlNode build(Iterable<Event> events) {
            for (Event event : events) {
                int line = event.getStartMark().map(m -> m.getLine() + 1).orElse(1);
                switch (event.getEventId()) {
                    case DocumentStart -> {
                        if (++documents > 1) {
                            throw error(line, "more than one YAML document; expected exactly one");
                        }
                    }
                    case MappingStart, SequenceStart -> {
                        CollectionStartEvent start = (CollectionStartEvent) event;
                        rejectTag(start.getTag(), line);
                        if (stack.size() + 1 > maxDepth) {
                            throw error(line, "nesting deeper than the limit of " + maxDepth + " levels");
                        }
                        stack.push(new Open(event.getEventId() == Event.ID.MappingStart, line, anchorOf(start)));
                    }
                    case MappingEnd, SequenceEnd -> {
                        Open open = stack.pop();
                        YamlNode node = open.mapping
                                ? new YamlNode.Mapping(open.entries, open.line)
                                : new YamlNode.Sequence(open.items, open.line);
                        if (open.anchor != null) {
                            anchors.put(open.anchor, node);
                        }
                        add(node);
                    }
                    case Scalar -> {
                        ScalarEvent scalar = (ScalarEvent) event;
                        rejectTag(scalar.getTag(), line);
                        String value = scalar.getValue();
                        boolean isNull = scalar.isPlain() && Tag.NULL.equals(SCALARS.resolve(value, true));
                        YamlNode node = new YamlNode.Scalar(isNull ? null : value, line);
                        String anchor = anchorOf(scalar);
                        if (anchor != null) {
                            anchors.put(anchor, node);
                        }
                        add(node);
                    }
                    case Alias -> {
                        if (++aliases > maxAliases) {
                            throw error(line, "more than " + maxAliases + " aliases");
                        }
                        String name = ((AliasEvent) event).getAlias().getValue();
                        YamlNode target = anchors.get(name);
                        if (target == null) {
                            // also what a self-referencing alias looks like: its anchor is still open
                            throw error(line, "undefined alias '" + YamlMap.quote(name) + "'");
                        }
                        expanded += size(target);
                        if (expanded > MAX_EXPANDED_NODES) {
                            throw error(line, "aliases expand the document to more than " + MAX_EXPANDED_NODES
                                    + " nodes");
                        }
                        add(target);
                    }
                    default -> {
                        // StreamStart, StreamEnd, DocumentEnd, Comment carry no content
                    }
                }
            }
            return root != null ? root : new YamlNode.Scalar(null, 1);
        }

        private long size(YamlNode node) {
            Long known = sizes.get(node);
            if (known != null) {
                return known;
            }
            long n = 1;
            if (node instanceof YamlNode.Sequence s) {
                for (YamlNode item : s.items()) {
                    n += size(item);
                }
            } else if (node instanceof YamlNode.Mapping m) {
                for (YamlNode.Entry e : m.entries().values()) {
                    n += size(e.value());
                }
            }
            sizes.put(node, n);
            return n;
        }

        private void add(YamlNode node) {
            Open parent = stack.peek();
            if (parent == null) {
                root = node;
            } else if (!parent.mapping) {
                parent.items.add(node);
            } else if (parent.pendingKey == null) {
                if (!(node instanceof YamlNode.Scalar s) || s.value() == null) {
                    throw error(node.line(), "mapping keys must be strings, found " + node.kind());
                }
                YamlNode.Entry previous = parent.entries.get(s.value());
                if (previous != null) {
                    throw error(node.line(), "duplicate key '" + YamlMap.quote(s.value())
                            + "' (first at line " + previous.keyLine() + ")");
                }
                parent.pendingKey = s.value();
                parent.pendingKeyLine = s.line();
            } else {
                parent.entries.put(parent.pendingKey,
                        new YamlNode.Entry(parent.pendingKey, parent.pendingKeyLine, node));
                parent.pendingKey = null;
            }
        }

        private void rejectTag(Optional<String> tag, int line) {
            if (tag.isPresent()) {
                throw error(line, "explicit tags are not allowed: '" + YamlMap.quote(tag.get()) + "'");
            }
        }

        private @Nullable String anchorOf(NodeEvent event) {
            return event.getAnchor().map(a -> a.getValue()).orElse(null);
        }

        private InvalidInputException error(int line, String message) {
            return new InvalidInputException(source + ":" + line + ": " + message);
        }
    }

    /** A collection whose end event has not come yet. */
    private static final class Open {
        final boolean mapping;
        final int line;
        final @Nullable String anchor;
        final List<YamlNode> items = new ArrayList<>();
        final LinkedHashMap<String, YamlNode.Entry> entries = new LinkedHashMap<>();
        @Nullable String pendingKey;
        int pendingKeyLine;

        Open(boolean mapping, int line, @Nullable String anchor) {
            this.mapping = mapping;
            this.line = line;
            this.anchor = anchor;
        }
    }
}
