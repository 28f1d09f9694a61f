package io.tenantstore.core.credential.internal;

import io.tenantstore.spi.JsonReader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class JsonReaderTest {
    @Test
    @SuppressWarnings("unchecked")
    void parsesObjectsArraysStringsNumbersAndLiterals() throws Exception {
        Object v = JsonReader.parse(" {\"a\": \"x\\n\\u00e9\\\"\", \"b\": [1, -2.5e3, true, false, null], \"c\": {}} ");

        assertThat(v).isInstanceOf(Map.class);
        Map<?, ?> m = (Map<?, ?>) v;
        assertThat(m.get("a")).isEqualTo("x\n\u00e9\"");
        assertThat((List<Object>) m.get("b")).containsExactly(new BigDecimal("1"), new BigDecimal("-2.5e3"), true, false,
                JsonReader.NULL);
        assertThat((Map<?, ?>) m.get("c")).isEmpty();
    }

    @Test
    void errorsGiveTheOffsetAndNeverTheInput() {
        assertThatThrownBy(() -> JsonReader.parse("{\"password\": \"hunter2\""))
                .isInstanceOf(JsonReader.SyntaxException.class)
                .hasMessage("expected ',' or '}' at offset 22 (end of input)");
        assertThatThrownBy(() -> JsonReader.parse("{\"password\": hunter2}"))
                .hasMessage("expected a value at offset 13")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> JsonReader.parse("{\"a\": 1} trailing"))
                .hasMessage("expected end of input at offset 9");
        assertThatThrownBy(() -> JsonReader.parse("\"bad \\q escape\"")).hasMessage("expected a valid escape at offset 6");
        assertThatThrownBy(() -> JsonReader.parse("01")).hasMessage("expected end of input at offset 1");
        assertThatThrownBy(() -> JsonReader.parse("")).hasMessage("expected a value at offset 0 (end of input)");
    }

    @Test
    void refusesDuplicateKeysAndDeepNesting() {
        assertThatThrownBy(() -> JsonReader.parse("{\"password\": \"a\", \"password\": \"b\"}"))
                .hasMessage("duplicate key at offset 18");
        assertThatThrownBy(() -> JsonReader.parse("[".repeat(40) + "]".repeat(40)))
                .hasMessageContaining("nested deeper than 32 levels");
    }
}
