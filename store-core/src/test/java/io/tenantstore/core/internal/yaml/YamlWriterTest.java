package io.tenantstore.core.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class YamlWriterTest {
    @Test
    void writesBlockStyleThatReadsBackToTheSameStrings() {
        Map<String, Object> doc = new LinkedHashMap<>();
        List<String> tricky = List.of("true", "null", "~", "123", "0x1F", "1e3", "", " lead", "a: b", "# no",
                "${ENV}", "enc:abc", "- x", "'q'", "\"d\"", "line\nbreak", "tab\tx", "ünï", "2026-11-21T10:00:00Z",
                "*alias", "&anchor", "!tag", "%dir", "@at", "`tick`", "x".repeat(300));
        doc.put("values", tricky);
        doc.put("n", 5);
        doc.put("b", true);
        String text = YamlWriter.write(doc);
        YamlMap back = YamlLoader.DEFAULT.parseMapping(text, "w.yaml");
        assertThat(back.node("values").orElseThrow()).isInstanceOfSatisfying(YamlNode.Sequence.class, s ->
                assertThat(s.items()).extracting(i -> ((YamlNode.Scalar) i).value()).containsExactlyElementsOf(tricky));
        assertThat(back.integer("n")).contains(5);
        assertThat(back.bool("b")).contains(true);
    }

    @Test
    void sharedObjectsAreWrittenWithoutAnchors() {
        List<String> shared = List.of("openid");
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("a", shared);
        doc.put("b", shared);
        doc.put("c", List.of());
        doc.put("d", List.of());
        String text = YamlWriter.write(doc);
        assertThat(text).doesNotContain("&").doesNotContain("*");
    }

    @Test
    void nestedListsOfMapsAreIndentedUnderTheirKey() {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("name", "openid");
        item.put("system", true);
        String text = YamlWriter.write(Map.of("scopes", List.of(item)));
        assertThat(text).isEqualTo("scopes:\n  - name: openid\n    system: true\n");
    }
}
