package io.tenantstore.fs.internal;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Test seams of the write path: observe the cross-process lock and inject a crash between the
 * temporary write and the rename. Production uses {@link #NONE}. Implementations must be
 * thread-safe.
 */
interface FsHooks {
    /** Does nothing. */
    FsHooks NONE = new FsHooks() {
    };

    /** Called on the writing thread just before it waits for the file lock. */
    default void beforeFileLock() {
    }

    /** Called on the writing thread once it holds both the in-process and the file lock. */
    default void lockAcquired() {
    }

    /**
     * Called after the temporary file is written and synced, before it is renamed over the target.
     * Throwing an {@link Error} here leaves the temporary file behind, as a crash would.
     *
     * @param temp   the temporary file
     * @param target the file it replaces
     * @throws IOException to simulate a failed rename
     */
    default void beforeRename(Path temp, Path target) throws IOException {
    }
}
