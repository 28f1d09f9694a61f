package io.tenantstore.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.tenantstore.testkit.TestDatabases;
import org.junit.jupiter.api.Test;

/**
 * The many-tenants simulation at a tiny scale: after each wave goes idle its tenant accesses are
 * dropped, so the cached accesses never exceed one wave however many tenants were served (the heap
 * figures themselves are meaningful only at full scale and are not asserted).
 */
class SharedTenantScaleTest {
    @Test
    void cachedAccessesStayWithinOneWaveAsTenantsGrow() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        List<SharedTenantScale.Wave> waves = SharedTenantScale.run(TestDatabases.postgres(), 90, 30,
                new PrintStream(buf, true, StandardCharsets.UTF_8));
        assertThat(waves).extracting(SharedTenantScale.Wave::served).containsExactly(30, 60, 90);
        assertThat(waves).allSatisfy(w -> assertThat(w.cached()).isLessThanOrEqualTo(30));
        assertThat(waves.get(2).evictions()).isGreaterThanOrEqualTo(60);
        assertThat(buf.toString(StandardCharsets.UTF_8)).contains("| 90 | ");
    }
}
