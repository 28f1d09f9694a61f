package io.tenantstore.fs.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.tenantstore.testkit.conformance.FakeClock;
import io.tenantstore.model.NewTenant;
import io.tenantstore.model.Tenant;
import io.tenantstore.model.TenantSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteLockTest {
    private static final long TIMEOUT_S = 60;

    @TempDir
    Path tmp;

    private final ExecutorService executor = Executors.newCachedThreadPool();
    private Process child;

    @AfterEach
    void stop() {
        if (child != null && child.isAlive()) {
            child.destroyForcibly();
        }
        executor.shutdownNow();
    }

    @Test
    void aSecondProcessHoldingTheLockBlocksOurWriteUntilItReleases() throws Exception {
        Path root = tmp.resolve("data");
        FakeClock clock = new FakeClock(Fixtures.T0);
        FsControlPlane setup = Fixtures.writer(root, clock);
        setup.tenants().create(NewTenant.of("acme", "Acme"));
        Path file = root.resolve("tenants/acme/tenant.yaml");

        // 1. the child takes the lock in the middle of its own update and says so
        child = new ProcessBuilder(javaCommand(), "-cp", System.getProperty("java.class.path"),
                LockHolder.class.getName(), root.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        BufferedReader childOut = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        Writer childIn = new OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8);
        assertThat(readLine(childOut)).isEqualTo("LOCKED");

        // 2. the lock is really held by another process: we cannot take it
        try (FileChannel channel = FileChannel.open(root.resolve(".lock"), StandardOpenOption.WRITE)) {
            assertThat(channel.tryLock()).isNull();
        }

        // 3. our write starts and reaches the file lock; it records what it sees once it gets in
        CountDownLatch waitingForFileLock = new CountDownLatch(1);
        AtomicReference<String> seenWhenLocked = new AtomicReference<>();
        FsControlPlane ours = Fixtures.open(root, true, clock, new FsHooks() {
            @Override
            public void beforeFileLock() {
                waitingForFileLock.countDown();
            }

            @Override
            public void lockAcquired() {
                try {
                    seenWhenLocked.set(Files.readString(file));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        });
        Future<Tenant> ourWrite = executor.submit(() -> ours.tenants().updateSettings("acme",
                s -> new TenantSettings("de", s.sessionLifetime(), s.refreshTokenLifetime(), s.mfaEnabled(),
                        s.security(), s.smtp())));
        assertThat(waitingForFileLock.await(TIMEOUT_S, TimeUnit.SECONDS)).isTrue();
        // The child has not been told to go on, so it still holds the lock: our write cannot be done.
        assertThat(ourWrite.isDone()).isFalse();
        assertThat(Files.readString(file)).contains("version: 1");

        // 4. release the child: it completes its write, then ours goes through on top of it
        childIn.write("GO\n");
        childIn.flush();
        assertThat(readLine(childOut)).isEqualTo("DONE 2");
        assertThat(child.waitFor(TIMEOUT_S, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).isZero();

        Tenant result = ourWrite.get(TIMEOUT_S, TimeUnit.SECONDS);
        // we got the lock only after the child's complete write was in place
        assertThat(seenWhenLocked.get()).contains("version: 2", "displayName: written by the child");
        assertThat(result.version()).isEqualTo(3);
        assertThat(result.displayName()).isEqualTo("written by the child");
        assertThat(result.settings().language()).isEqualTo("de");

        // never interleaved: the file is one whole document holding both writes, no temp files left
        Tenant onDisk = setup.tenants().getBySlug("acme").orElseThrow();
        assertThat(onDisk).isEqualTo(result);
        assertThat(FsTenantRepositoryTest.temps(root.resolve("tenants/acme"))).isEmpty();
    }

    @Test
    void threadsOfOneJvmAreSerialisedEvenAcrossInstances() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        WriteLock a = new WriteLock(root, FsHooks.NONE);
        WriteLock b = new WriteLock(root, FsHooks.NONE);
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch aInside = new CountDownLatch(1);
        CountDownLatch releaseA = new CountDownLatch(1);

        Future<?> first = executor.submit(() -> a.run(() -> {
            events.add("a-in");
            aInside.countDown();
            try {
                assertThat(releaseA.await(TIMEOUT_S, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted");
            }
            events.add("a-out");
            return null;
        }));
        assertThat(aInside.await(TIMEOUT_S, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Thread> secondThread = new CompletableFuture<>();
        Future<?> second = executor.submit(() -> {
            secondThread.complete(Thread.currentThread());
            return b.run(() -> {
                events.add("b-in");
                return null;
            });
        });
        Thread t = secondThread.get(TIMEOUT_S, TimeUnit.SECONDS);
        // wait (without sleeping) until b is parked on the shared in-JVM lock
        long deadline = System.nanoTime() + Duration.ofSeconds(TIMEOUT_S).toNanos();
        while (!WriteLock.localLock(root.resolve(WriteLock.LOCK_FILE)).hasQueuedThread(t)) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.onSpinWait();
        }
        assertThat(events).containsExactly("a-in");
        releaseA.countDown();
        first.get(TIMEOUT_S, TimeUnit.SECONDS);
        second.get(TIMEOUT_S, TimeUnit.SECONDS);
        assertThat(events).containsExactly("a-in", "a-out", "b-in");
    }

    @Test
    void isReentrantOnOneThread() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        WriteLock lock = new WriteLock(root, FsHooks.NONE);
        String result = lock.run(() -> lock.run(() -> "nested"));
        assertThat(result).isEqualTo("nested");
        // released afterwards: another channel can take the file lock
        try (FileChannel channel = FileChannel.open(lock.lockFile(), StandardOpenOption.WRITE);
             FileLock fl = channel.tryLock()) {
            assertThat(fl).isNotNull();
        }
    }

    @Test
    void releasesTheLockWhenTheActionFails() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        WriteLock lock = new WriteLock(root, FsHooks.NONE);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> lock.run(() -> {
            throw new IOException("boom");
        })).hasMessage("boom");
        assertThat(lock.run(() -> "again")).isEqualTo("again");
    }

    private String readLine(BufferedReader reader) throws Exception {
        Future<String> line = executor.submit(reader::readLine);
        return line.get(TIMEOUT_S, TimeUnit.SECONDS);
    }

    private static String javaCommand() {
        return ProcessHandle.current().info().command()
                .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
