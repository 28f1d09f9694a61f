package io.tenantstore.fs.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import io.tenantstore.testkit.conformance.FakeClock;
import io.tenantstore.core.yaml.EnvSecretResolver;
import io.tenantstore.spi.ControlPlaneConfig;

/** Shared setup for the control-plane tests. */
final class Fixtures {
    static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
    /** What the tests' fake environment holds. */
    static final Map<String, String> ENV = Map.of("DB_PASS", "db-pass-value-1", "SMTP_PASS", "smtp-pass-value-2");
    /** Cheap hashing for tests; the standard count is tested in ClientSecretHasherTest. */
    static final int TEST_ITERATIONS = 1_000;

    private Fixtures() {
    }

    static FsControlPlane writer(Path root, FakeClock clock) {
        return open(root, true, clock, FsHooks.NONE);
    }

    static FsControlPlane open(Path root, boolean writer, FakeClock clock, FsHooks hooks) {
        return new FsControlPlane(new ControlPlaneConfig(root, writer, clock), new EnvSecretResolver(ENV::get),
                new ClientSecretHasher(TEST_ITERATIONS), hooks);
    }

    /** @return every file under {@code dir} with its content (directories as empty strings) */
    static Map<String, String> snapshot(Path dir) {
        Map<String, String> out = new TreeMap<>();
        if (!Files.exists(dir)) {
            return out;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.forEach(p -> {
                try {
                    out.put(dir.relativize(p).toString(), Files.isRegularFile(p) ? Files.readString(p) : "");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
