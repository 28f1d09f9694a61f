package io.tenantstore.fs.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import io.tenantstore.ErrorCode;
import io.tenantstore.NotLeaderException;
import io.tenantstore.StoreException;
import io.tenantstore.TenantNotFoundException;

/**
 * Administrators in {@code admins.yaml} at the control-plane root, global and per tenant, written
 * atomically under the control plane's write lock (rules and form: {@link AdminsYaml}).
 * Thread-safe.
 */
public final class AdminFiles extends AdminsYaml {
    /** The file's name at the control-plane root. */
    public static final String FILE = AdminsYaml.FILE;

    private final Path root;
    private final boolean writer;
    private final WriteLock lock;
    private final Runnable afterWrite;

    /**
     * @param root       the control-plane root
     * @param writer     false for a reader: every write raises {@link NotLeaderException}
     * @param clock      the time source
     * @param afterWrite run after every write that reached the file (the mirror's copy); must not throw
     */
    public AdminFiles(Path root, boolean writer, Clock clock, Runnable afterWrite) {
        super(clock);
        this.root = root.toAbsolutePath().normalize();
        this.writer = writer;
        this.lock = new WriteLock(this.root, FsHooks.NONE);
        this.afterWrite = afterWrite;
    }

    @Override
    <T> T write(String operation, Function<List<Stored>, T> change) {
        if (!writer) {
            throw new NotLeaderException(operation + " is a write, and this process opened the control plane"
                    + " read-only (controlPlane: reader)");
        }
        T result;
        try {
            result = lock.run(() -> {
                List<Stored> all = new ArrayList<>(read());
                T r = change.apply(all);
                AtomicFiles.write(root.resolve(FILE), render(all), FsHooks.NONE, "rw-------");
                return r;
            });
        } catch (IOException e) {
            throw new StoreException(ErrorCode.UNAVAILABLE, "cannot write " + root.resolve(FILE) + ": " + e, e);
        }
        afterWrite.run();
        return result;
    }

    @Override
    List<Stored> read() {
        String text = text(root);
        return text == null ? List.of() : parse(text, root.resolve(FILE).toString());
    }

    /**
     * @param root the control-plane root
     * @return the text of its admins.yaml, or null when there is none
     */
    static String text(Path root) {
        Path file = root.resolve(FILE);
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new StoreException(ErrorCode.UNAVAILABLE, "cannot read " + file + ": " + e, e);
        }
    }

    @Override
    void touch(String operation) {
        // writes are serialised by the write lock: a write never works from a stale read
    }

    @Override
    void requireTenant(String slug) {
        if (!Files.isRegularFile(root.resolve("tenants").resolve(slug).resolve(TenantYaml.FILE))) {
            throw new TenantNotFoundException("no tenant '" + slug + "'");
        }
    }
}
