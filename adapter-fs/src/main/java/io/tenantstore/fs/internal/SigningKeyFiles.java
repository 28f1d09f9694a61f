package io.tenantstore.fs.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import io.tenantstore.ErrorCode;
import io.tenantstore.StoreException;
import io.tenantstore.TenantNotFoundException;
import io.tenantstore.spi.SigningKeyStore;

/**
 * A tenant's signing keys in {@code tenants/<slug>/keys.yaml} (see {@link KeysYaml}), readable by
 * its owner only. The revision is derived from the file's content, so files written before
 * revisions existed keep their format; a replace compares it under the control plane's
 * cross-process write lock and replaces the file atomically. Thread-safe.
 */
public final class SigningKeyFiles implements SigningKeyStore {
    private final Path root;
    private final Runnable beforeWrite;
    private final Consumer<String> afterWrite;
    private final WriteLock lock;

    /**
     * @param root        the control-plane root
     * @param beforeWrite checks that this process may write (throws when not)
     * @param afterWrite  told of the tenant after each write (the control plane's change listeners)
     */
    public SigningKeyFiles(Path root, Runnable beforeWrite, Consumer<String> afterWrite) {
        this.root = root.toAbsolutePath().normalize();
        this.beforeWrite = beforeWrite;
        this.afterWrite = afterWrite;
        this.lock = new WriteLock(this.root, FsHooks.NONE);
    }

    @Override
    public Snapshot read(String slug) {
        String text = text(file(slug));
        return new Snapshot(revision(text), text == null ? List.of() : KeysYaml.parse(text, describe(slug)));
    }

    @Override
    public boolean replace(String slug, long expectedRevision, List<StoredKey> keys) {
        beforeWrite.run();
        Path file = file(slug);
        String next = KeysYaml.render(keys);
        boolean written;
        try {
            written = lock.run(() -> {
                if (revision(text(file)) != expectedRevision) {
                    return false;
                }
                file(slug); // the tenant may have been deleted while this writer waited
                AtomicFiles.write(file, next, FsHooks.NONE, "rw-------");
                return true;
            });
        } catch (IOException e) {
            throw new StoreException(ErrorCode.UNAVAILABLE, "cannot write " + describe(slug) + ": " + e, e);
        }
        if (written) {
            afterWrite.accept(slug);
        }
        return written;
    }

    @Override
    public List<String> slugs() {
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root.resolve(FsControlPlane.TENANTS))) {
            for (Path d : entries) {
                String name = d.getFileName().toString();
                if (Slugs.isSlug(name) && Files.isRegularFile(d.resolve(TenantYaml.FILE))) {
                    out.add(name);
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new StoreException(ErrorCode.UNAVAILABLE, "cannot list the tenants under " + root + ": " + e, e);
        }
        out.sort(null);
        return out;
    }

    @Override
    public String describe(String slug) {
        return FsControlPlane.source(slug, KeysYaml.FILE);
    }

    private Path file(String slug) {
        Slugs.validate(slug);
        Path dir = root.resolve(FsControlPlane.TENANTS).resolve(slug);
        if (!Files.isRegularFile(dir.resolve(TenantYaml.FILE))) {
            throw new TenantNotFoundException("no tenant '" + slug + "'");
        }
        return dir.resolve(KeysYaml.FILE);
    }

    private static String text(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new StoreException(ErrorCode.UNAVAILABLE, "cannot read " + file + ": " + e, e);
        }
    }

    /** @return 0 for no file, else the first 8 bytes of the text's SHA-256 (never 0) */
    static long revision(String text) {
        if (text == null) {
            return 0;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            long r = ByteBuffer.wrap(digest).getLong();
            return r == 0 ? 1 : r;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
