package io.tenantstore.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.tenantstore.DataAccessLayer;
import io.tenantstore.TenantDataAccess;
import io.tenantstore.core.TenantStore;
import io.tenantstore.model.NewTenant;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Warm {@code forTenant} against its baseline, a bare {@link ConcurrentHashMap#get} with the same
 * key (target: at most 1.3×, no allocation; {@link BenchMain} measures both).
 */
@State(Scope.Benchmark)
// three JVMs: one compiles and lays out the code its own way, and both sides of a ratio shift with it
@Fork(3)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ForTenantBenchmark {
    private DataAccessLayer store;
    private ConcurrentHashMap<String, Object> baseline;
    private Path dir;
    // Not final, so the JIT cannot fold the key.
    private String slug = "acme";

    /** Opens an FS-only store with 100 tenants and warms them. */
    @Setup(Level.Trial)
    public void open() throws IOException {
        dir = Files.createTempDirectory("tenantstore-bench-");
        store = TenantStore.builder().fsRoot(dir).noBackgroundMaintenance().build();
        baseline = new ConcurrentHashMap<>();
        for (int i = 0; i < 100; i++) {
            String s = i == 0 ? "acme" : "tenant-" + i;
            store.config().tenants().create(NewTenant.of(s, s));
            TenantDataAccess a = store.forTenant(s);
            baseline.put(s, a);
        }
    }

    /** Closes the store. */
    @TearDown(Level.Trial)
    public void close() {
        store.close();
    }

    /** @return the baseline map read */
    @Benchmark
    public Object baselineMapGet() {
        return baseline.get(slug);
    }

    /** @return a warm tenant access */
    @Benchmark
    public Object forTenantWarm() {
        return store.forTenant(slug);
    }
}
