package io.tenantstore.fs.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Serialises writes to one control-plane root across threads and processes: an in-JVM lock shared
 * by every instance on the same root (a {@link FileLock} belongs to the whole JVM and cannot
 * exclude threads), then an exclusive lock on {@code <root>/.lock}. Re-entrant on the same thread.
 * Thread-safe.
 */
public final class WriteLock {
    /** The lock file's name inside the root. */
    static final String LOCK_FILE = ".lock";

    private static final ConcurrentMap<Path, ReentrantLock> LOCAL = new ConcurrentHashMap<>();

    private final Path lockFile;
    private final ReentrantLock local;
    private final FsHooks hooks;

    /**
     * @param root  the control-plane root (absolute, normalised)
     * @param hooks test seams
     */
    WriteLock(Path root, FsHooks hooks) {
        this(hooks, root.resolve(LOCK_FILE));
    }

    private WriteLock(FsHooks hooks, Path lockFile) {
        this.lockFile = lockFile;
        this.local = localLock(lockFile);
        this.hooks = hooks;
    }

    /**
     * @param lockFile the lock file itself (absolute, normalised), created when missing
     * @return a lock on it, for a file outside any control-plane root (a keyset)
     */
    public static WriteLock onFile(Path lockFile) {
        return new WriteLock(FsHooks.NONE, lockFile);
    }

    /** Work done under the lock. */
    @FunctionalInterface
    public interface Action<T, E extends Exception> {
        /** @return the result @throws E when the work fails */
        T run() throws E;
    }

    /**
     * Runs {@code action} holding both locks; waits as long as another thread or process holds them.
     *
     * @param action the work
     * @param <T>    its result type
     * @param <E>    what it throws
     * @return its result
     * @throws IOException when the lock file cannot be opened or locked
     * @throws E           when the action fails
     */
    public <T, E extends Exception> T run(Action<T, E> action) throws IOException, E {
        local.lock();
        try {
            if (local.getHoldCount() > 1) {
                // This thread already holds the file lock; locking again would overlap.
                return action.run();
            }
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE)) {
                hooks.beforeFileLock();
                try (FileLock ignored = channel.lock()) {
                    hooks.lockAcquired();
                    return action.run();
                }
            }
        } finally {
            local.unlock();
        }
    }

    /**
     * @param lockFile a lock file path
     * @return the in-JVM lock guarding it (for tests and diagnostics)
     */
    static ReentrantLock localLock(Path lockFile) {
        return LOCAL.computeIfAbsent(lockFile, p -> new ReentrantLock());
    }

    /** @return the lock file */
    Path lockFile() {
        return lockFile;
    }
}
