package io.tenantstore.core.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import io.tenantstore.InvalidInputException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {
    @ParameterizedTest
    @CsvSource({
        "250ms, PT0.25S",
        "30s, PT30S",
        "10m, PT10M",
        "24h, PT24H",
        "30d, PT720H",
        "0s, PT0S",
        "PT30S, PT30S",
        "pt1m30s, PT1M30S",
        "P2D, PT48H",
    })
    void parsesShortAndIsoForms(String text, String iso) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.parse(iso));
    }

    @ParameterizedTest
    @CsvSource({
        "PT0.25S, 250ms",
        "PT30S, 30s",
        "PT90S, 90s",
        "PT10M, 10m",
        "PT24H, 1d",
        "PT25H, 25h",
        "PT720H, 30d",
        "PT0S, 0s",
        "PT0.0000001S, PT0.0000001S",
        "PT-5S, PT-5S",
    })
    void formatsTheShortestExactForm(String iso, String text) {
        Duration d = Duration.parse(iso);
        assertThat(Durations.format(d)).isEqualTo(text);
        assertThat(Durations.parse(Durations.format(d))).isEqualTo(d);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "30", "s", "30 s", "1.5h", "30sec", "-5s", "P", "PTXS", "1w", "999999999999999d"})
    void rejectsAnythingElseQuotingIt(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("expected a duration like 30s, 10m, 24h, 30d or PT30S, found '" + text + "'");
    }
}
