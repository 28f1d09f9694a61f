package io.tenantstore.core.yaml;

import java.util.Map;

import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.common.NonPrintableStyle;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Writes a document built of maps, lists, strings, numbers and booleans as block-style YAML that
 * {@link YamlLoader} reads back to the same values: strings that would read as another type are
 * quoted, no anchors, no tags, no folded lines. Thread-safe.
 */
public final class YamlWriter {
    private YamlWriter() {
    }

    /**
     * @param document the root mapping (use ordered maps for a stable key order)
     * @return the YAML text, ending with a newline
     */
    public static String write(Map<String, ?> document) {
        DumpSettings settings = DumpSettings.builder()
                .setDefaultFlowStyle(FlowStyle.BLOCK)
                .setSchema(new CoreSchema())
                .setIndent(2)
                .setIndicatorIndent(2)
                .setIndentWithIndicator(true)
                .setSplitLines(false)
                .setWidth(Integer.MAX_VALUE)
                .setNonPrintableStyle(NonPrintableStyle.ESCAPE)
                // shared objects (List.of()) must not become anchors, which the loader limits
                .setDereferenceAliases(true)
                .build();
        return new Dump(settings).dumpToString(document);
    }
}
