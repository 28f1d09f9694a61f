package io.tenantstore.core.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.tenantstore.ErrorCode;
import io.tenantstore.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YamlLoaderTest {
    private static final String SOURCE = "tenants/acme/tenant.yaml";

    @TempDir
    Path dir;

    @Test
    void parsesNestedDocumentKeepingLinesAndOrder() {
        YamlNode root = YamlLoader.DEFAULT.parse("""
                name: Acme
                settings:
                  mfaEnabled: true
                  smtp: { host: smtp.acme.io, port: 587 }
                list: [a, b]
                empty:
                """, SOURCE);
        var mapping = (YamlNode.Mapping) root;
        assertThat(mapping.entries().keySet()).containsExactly("name", "settings", "list", "empty");
        assertThat(mapping.entries().get("settings").keyLine()).isEqualTo(2);
        var settings = (YamlNode.Mapping) mapping.entries().get("settings").value();
        assertThat(settings.entries().get("smtp").value().line()).isEqualTo(4);
        assertThat(((YamlNode.Sequence) mapping.entries().get("list").value()).items())
                .containsExactly(new YamlNode.Scalar("a", 5), new YamlNode.Scalar("b", 5));
        assertThat(mapping.entries().get("empty").value()).isEqualTo(new YamlNode.Scalar(null, 6));
    }

    @Test
    void quotedNullIsAStringButPlainNullIsNull() {
        var mapping = (YamlNode.Mapping) YamlLoader.DEFAULT.parse("a: 'null'\nb: null\nc: ~\n", SOURCE);
        assertThat(mapping.entries().get("a").value()).isEqualTo(new YamlNode.Scalar("null", 1));
        assertThat(mapping.entries().get("b").value()).isEqualTo(new YamlNode.Scalar(null, 2));
        assertThat(mapping.entries().get("c").value()).isEqualTo(new YamlNode.Scalar(null, 3));
    }

    @Test
    void syntaxErrorNamesFileAndLine() {
        String text = """
                id: 1
                name: Acme
                settings:
                  language: en
                  sessionLifetime: [24h
                version: 3
                """;
        assertThatThrownBy(() -> YamlLoader.DEFAULT.parse(text, SOURCE))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(SOURCE + ":6:")
                .satisfies(e -> assertThat(((InvalidInputException) e).code()).isEqualTo(ErrorCode.INVALID_INPUT));
    }

    @Test
    void badIndentationNamesItsLine() {
        assertThatThrownBy(() -> YamlLoader.DEFAULT.parse("a: 1\nb:\n  c: 2\n d: 3\n", SOURCE))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(SOURCE + ":4:");
    }

    @Test
    void oversizedDocumentIsRejectedWithTheLineWhereTheLimitWasCrossed() {
        YamlLoader small = new YamlLoader(100, 5, 10);
        String text = "a: 0123456789\n".repeat(20);
        assertThatThrownBy(() -> small.parse(text, SOURCE))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(SOURCE + ":8: document exceeds the limit of 100 characters");
    }

    @Test
    void oversizedFileIsRejectedWithoutReadingItAll() throws IOException {
        Path file = dir.resolve("big.yaml");
        // 2 MiB of content: over the default 1 MiB limit
        Files.writeString(file, ("k" + "x".repeat(60) + ": v\n").repeat(2 * 1024 * 1024 / 64));
        assertThatThrownBy(() -> YamlLoader.DEFAULT.read(file, "big.yaml"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageMatching("big\\.yaml:\\d+: document exceeds the limit of 1048576 characters");
    }

    @Test
    void aliasBombIsRejectedNamingFileAndLine() {
        String bomb = """
                a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
                b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
                c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
                d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
                e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
                """;
        assertThatThrownBy(() -> YamlLoader.DEFAULT.parse(bomb, SOURCE))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(SOURCE + ":4: more than 20 aliases");
    }

    @Test
    void fewAliasesThatExpandEnormouslyAreRejected() {
        // 20 aliases (the limit) that stand for 2^10 copies of a 200-item list: 200,000+ nodes
        StringBuilder doc = new StringBuilder("l0: &l0 [" + "x,".repeat(199) + "x]\n");
        for (int i = 1; i <= 10; i++) {
            doc.append("l").append(i).append(": &l").append(i).append(" [*l").append(i - 1).append(", *l")
                    .append(i - 1).append("]\n");
        }
        assertThatThrownBy(() -> YamlLoader.DEFAULT.parse(doc.toString(), SOURCE))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("aliases expand the document to more than 100000 nodes");
    }

    @Test
    void aFewHarmlessAliasesAreFine() {
        String doc = "defaults: &d { a: 1, b: 2 }\nfirst: *d\nsecond: *d\n";
        assertThat(YamlLoader.DEFAULT.parse(doc, SOURCE)).isInstanceOf(YamlNode.Mapping.class);
    }

    @Test
    void aFewAliasesAreAllowedAndShareTheNode() {
        var m = (YamlNode.Mapping) YamlLoader.DEFAULT.parse("base: &b {x: 1}\ncopy: *b\n", SOURCE);
        assertThat(m.entries().get("copy").value()).isSameAs(m.entries().get("base").value());
    }

    @Test
    void selfReferencingAliasIsRejected() {
        assertThatThrownBy(() -> YamlLoader.DEFAULT.parse("a: &a [1, *a]\n", SOURCE))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(SOURCE + ":1: undefined alias 'a'");
    }

    @Test
    void deepNestingIsRejected() {
        String deep = "a: " + "[".repeat(40) + "]".repeat(40) + "\n";
        assertThatThrownBy(() -> YamlLoader.DEFAULT.parse(deep, SOURCE))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(SOURCE + ":1: nesting deeper than the limit of 32 levels");
    }

    @Test
    void veryDeepNestingFailsCleanlyWithoutStackOverflow() {
        String deep = "[".repeat(500_000);
        assertThatThrownBy(() -> YamlLoader.DEFAULT.parse(deep, SOURCE))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("nesting deeper than the limit");
    }

    @Test
    void duplicateKeysAreRejectedNamingBothLines() {
        assertThatThrownBy(() -> YamlLoader.DEFAULT.parse("name: a\nid: 1\nname: b\n", SOURCE))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(SOURCE + ":3: duplicate key 'name' (first at line 1)");
    }

    @Test
    void nonStringKeysAreRejected() {
        assertThatThrownBy(() -> YamlLoader.DEFAULT.parse("? [a, b]\n: 1\n", SOURCE))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(SOURCE + ":1: mapping keys must be strings, found a list");
    }

    @Test
    void explicitTagsAreRejected() {
        assertThatThrownBy(() -> YamlLoader.DEFAULT.parse("a: 1\nb: !!binary aGVsbG8=\n", SOURCE))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(SOURCE + ":2: explicit tags are not allowed");
    }

    @Test
    void moreThanOneDocumentIsRejected() {
        assertThatThrownBy(() -> YamlLoader.DEFAULT.parse("a: 1\n---\nb: 2\n", SOURCE))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(SOURCE + ":2: more than one YAML document; expected exactly one");
    }

    @Test
    void emptyDocumentIsANullScalarAndNotAMapping() {
        assertThat(YamlLoader.DEFAULT.parse("# only a comment\n", SOURCE)).isEqualTo(new YamlNode.Scalar(null, 1));
        assertThatThrownBy(() -> YamlLoader.DEFAULT.parseMapping("", SOURCE))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(SOURCE + ":1: expected a mapping at the top, found an empty document");
    }

    @Test
    void readsFilesAsUtf8AndSkipsAByteOrderMark() throws IOException {
        Path file = dir.resolve("t.yaml");
        Files.writeString(file, "\uFEFFname: Ácme\n");
        YamlMap map = YamlLoader.DEFAULT.readMapping(file, "t.yaml");
        assertThat(map.requireString("name")).isEqualTo("Ácme");
    }

    @Test
    void invalidUtf8IsRejectedNamingTheLine() throws IOException {
        Path file = dir.resolve("bad.yaml");
        byte[] head = "a: 1\nb: ".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[head.length + 2];
        System.arraycopy(head, 0, bytes, 0, head.length);
        bytes[head.length] = (byte) 0xC3;
        bytes[head.length + 1] = (byte) 0x28;
        Files.write(file, bytes);
        assertThatThrownBy(() -> YamlLoader.DEFAULT.read(file, "bad.yaml"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("bad.yaml:2: not valid UTF-8");
    }

    @Test
    void forbiddenControlCharacterNamesItsLine() {
        assertThatThrownBy(() -> YamlLoader.DEFAULT.parse("a: 1\nb: x\u0001y\n", SOURCE))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(SOURCE + ":2:");
    }

    @Test
    void missingFileIsAnIoException() {
        assertThatThrownBy(() -> YamlLoader.DEFAULT.read(dir.resolve("absent.yaml"), "absent.yaml"))
                .isInstanceOf(java.nio.file.NoSuchFileException.class);
    }
}
