package io.tenantstore.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The fenced code blocks of README.md and docs/*.md, each with the check marker on the line
 * before it ({@code <!-- check: ... -->}), if any. The conventions are in docs/writing-docs.md.
 * Immutable.
 *
 * @param file     the document
 * @param line     the line of the opening fence, 1-based
 * @param language the fence's language ({@code yaml}, {@code java}, ...)
 * @param marker   the text after {@code check:} of the marker before the block, or {@code ""}
 * @param body     the block's text
 */
record DocBlocks(Path file, int line, String language, String marker, String body) {
    private static final Pattern MARKER = Pattern.compile("<!--\\s*check:\\s*(.*?)\\s*-->");

    /** @return where the block is, for messages */
    String where() {
        return file.getFileName() + ":" + line;
    }

    /** @return README.md and every docs/*.md, from the module directory of a test */
    static List<Path> documents() throws IOException {
        List<Path> docs = new ArrayList<>();
        docs.add(Path.of("..", "README.md"));
        try (Stream<Path> s = Files.list(Path.of("..", "docs"))) {
            s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        return docs;
    }

    /** @return every fenced block of {@code language} in the documents */
    static List<DocBlocks> of(String language) throws IOException {
        List<DocBlocks> blocks = new ArrayList<>();
        for (Path doc : documents()) {
            blocks.addAll(in(doc, Files.readAllLines(doc), language));
        }
        return blocks;
    }

    /** @return the fenced blocks of {@code language} in the lines of one document */
    static List<DocBlocks> in(Path doc, List<String> lines, String language) {
        List<DocBlocks> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String fence = lines.get(i).strip();
            if (!fence.startsWith("```")) {
                continue;
            }
            String lang = fence.substring(3).strip();
            int end = i + 1;
            while (end < lines.size() && !lines.get(end).strip().startsWith("```")) {
                end++;
            }
            if (lang.equals(language)) {
                String marker = "";
                if (i > 0) {
                    Matcher m = MARKER.matcher(lines.get(i - 1));
                    if (m.matches()) {
                        marker = m.group(1);
                    }
                }
                blocks.add(new DocBlocks(doc, i + 1, lang, marker, String.join("\n", lines.subList(i + 1, end)) + "\n"));
            }
            i = end;
        }
        return blocks;
    }
}
