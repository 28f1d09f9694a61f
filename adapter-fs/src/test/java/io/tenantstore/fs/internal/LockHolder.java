package io.tenantstore.fs.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;

import io.tenantstore.testkit.conformance.FakeClock;
import io.tenantstore.model.Tenant;

/**
 * The child process of {@link WriteLockTest}: updates tenant {@code acme} through its own control
 * plane and, once it holds the write lock, stops until told. Protocol on stdout/stdin:
 * prints {@code LOCKED}, waits for {@code GO}, finishes the write, prints {@code DONE <version>}.
 */
public final class LockHolder {
    private LockHolder() {
    }

    /**
     * @param args the control-plane root
     * @throws IOException when stdin fails
     */
    public static void main(String[] args) throws IOException {
        Path root = Path.of(args[0]);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        FsHooks hooks = new FsHooks() {
            @Override
            public void lockAcquired() {
                System.out.println("LOCKED");
                System.out.flush();
                try {
                    String line = in.readLine();
                    if (!"GO".equals(line)) {
                        throw new IllegalStateException("expected GO, got " + line);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
        FsControlPlane plane = Fixtures.open(root, true, new FakeClock(Instant.parse("2026-11-21T11:00:00Z")), hooks);
        Tenant current = plane.tenants().getBySlug("acme").orElseThrow();
        Tenant written = plane.tenants().update(current.withDisplayName("written by the child"));
        System.out.println("DONE " + written.version());
        System.out.flush();
    }
}
