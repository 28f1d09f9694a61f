package io.tenantstore.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import io.tenantstore.testkit.TestDatabases;
import org.junit.jupiter.api.Test;

/**
 * The peer harness runs end to end at a tiny scale and prints every row of its table with a ratio
 * (the figures themselves are only meaningful at full scale, so they are not asserted here).
 */
class PeerHarnessTest {
    @Test
    void printsEveryRowAsARatio() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        List<PeerHarness.Row> rows = PeerHarness.run(TestDatabases.postgres(),
                new PeerHarness.Settings(2, Duration.ofMillis(20), 4, 2), new PrintStream(buf, true,
                        StandardCharsets.UTF_8));
        String out = buf.toString(StandardCharsets.UTF_8);
        assertThat(rows).extracting(PeerHarness.Row::key).containsExactlyElementsOf(PeerHarness.ROW_KEYS);
        assertThat(rows).allSatisfy(r -> assertThat(r.ratio()).isPositive().isFinite());
        assertThat(out).contains("pool per tenant opened all 4 pools").contains("| TenantStore / search_path pool = ");
        // a handful of schema tenants share the store's one pool
        assertThat(rows.get(rows.size() - 1).met()).isTrue();
    }

    @Test
    void readmesPerformanceTableHasExactlyTheHarnessRows() throws Exception {
        java.nio.file.Path readme = java.nio.file.Path.of("..", "README.md");
        String text = java.nio.file.Files.readString(readme, StandardCharsets.UTF_8);
        String section = text.substring(text.indexOf("## Performance"));
        section = section.substring(0, section.indexOf("\n## ", 5));
        // harness rows are copied as printed: | name | subject / peer = 0.54x | target ... | MET |
        List<String> keys = section.lines()
                .filter(l -> l.startsWith("| ") && l.contains(" = ") && l.contains("x | target"))
                .map(l -> {
                    String[] cells = l.split(" \\| ");
                    return cells[0].substring(2) + " | " + cells[1].substring(0, cells[1].lastIndexOf(" = "));
                })
                .toList();
        assertThat(keys).containsExactlyElementsOf(PeerHarness.ROW_KEYS);
    }

    @Test
    void pairedRatiosCompareTheSidesRoundByRound() throws Exception {
        PeerHarness.Side slow = i -> busy(200_000);
        PeerHarness.Side fast = i -> busy(50_000);
        double[] r = PeerHarness.paired(new PeerHarness.Settings(3, Duration.ofMillis(30), 0, 0), 1, slow, fast);
        assertThat(r[0]).isGreaterThan(1.5);
    }

    @Test
    void theColdFloorRunsEveryBundledScriptInVersionOrder() throws Exception {
        List<String> scripts = PeerHarness.bundledScripts();
        assertThat(scripts).hasSizeGreaterThanOrEqualTo(4);
        // V1 creates the users table the query reads, V2 the one-time tokens
        assertThat(scripts.get(0)).containsIgnoringCase("create table ts_users");
        assertThat(scripts.get(1)).containsIgnoringCase("one_time");
    }

    @Test
    void aFloorRowIsTheMedianOfItsOwnPerRoundRatio() {
        // subject/peer per round for two peers: peer 1 takes twice peer 0's time in every round
        double[][] ratios = {{2.0, 1.0, 4.0}, {1.0, 0.5, 2.0}};
        assertThat(PeerHarness.medianOf(ratios, 1, 0)).isEqualTo(2.0);
        assertThat(PeerHarness.medianOf(ratios, 0, 1)).isEqualTo(0.5);
    }

    @Test
    void unknownOptionsAreRefusedWithTheKnownOnes() {
        assertThat(PeerHarness.Settings.parse(new String[] {"--rounds=3", "--cold=5"}))
                .isEqualTo(new PeerHarness.Settings(3, Duration.ofMillis(200), 1000, 5));
        assertThat(PeerHarness.Settings.parse(new String[] {"--cases=shared,cold"}).cases())
                .containsExactlyInAnyOrder("shared", "cold");
        assertThatThrownBy(() -> PeerHarness.Settings.parse(new String[] {"--cases=sharded"}))
                .hasMessageContaining("schema, shared, cold, scale");
        assertThatThrownBy(() -> PeerHarness.Settings.parse(new String[] {"--round=3"}))
                .hasMessageContaining("--rounds");
    }

    private static void busy(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }
}
