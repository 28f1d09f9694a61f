package io.tenantstore.fs.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Crash-safe file replacement: the new content goes to a temporary file in the same directory,
 * which is synced, renamed over the target atomically, and then the directory is synced. A crash
 * at any point leaves either the old or the new file, never a mix; a temporary file left by a
 * crash is ignored by readers and removed by the next write to its directory. Callers hold the
 * write lock. Stateless and thread-safe.
 */
final class AtomicFiles {
    private static final Logger LOG = LoggerFactory.getLogger(AtomicFiles.class);
    static final String TEMP_SUFFIX = ".tmp";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String POSIX_MODE = "rw-r-----";

    private AtomicFiles() {
    }

    /**
     * Replaces {@code target} with {@code content}.
     *
     * @param target  the file
     * @param content its new text (UTF-8)
     * @param hooks   test seams
     * @throws IOException when any step fails; the target is then unchanged
     */
    static void write(Path target, String content, FsHooks hooks) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        // The control plane's directories are ours: any temporary file left there is a stray.
        removeStrayTemps(dir, name -> name.startsWith(".") && name.endsWith(TEMP_SUFFIX));
        write(target, content, hooks, POSIX_MODE);
    }

    /**
     * Replaces {@code target} with {@code content}, created with the given POSIX permissions.
     *
     * @param target    the file
     * @param content   its new text (UTF-8)
     * @param hooks     test seams
     * @param posixMode e.g. {@code rw-------} for a file only its owner may read
     * @throws IOException when any step fails; the target is then unchanged
     */
    static void write(Path target, String content, FsHooks hooks, String posixMode) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        target = target.toAbsolutePath();
        // Elsewhere (a keyset's directory) only this file's own strays are ours to remove.
        String own = "." + target.getFileName() + ".";
        removeStrayTemps(dir, name -> name.startsWith(own) && name.endsWith(TEMP_SUFFIX));
        Path temp = dir.resolve("." + target.getFileName() + "." + randomHex() + TEMP_SUFFIX);
        try {
            try (FileChannel channel = FileChannel.open(temp, Set.of(StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE), permissions(dir, posixMode))) {
                ByteBuffer bytes = StandardCharsets.UTF_8.encode(content);
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            hooks.beforeRename(temp, target);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            // A failure (not a crash, which an Error from the hook stands for) cleans up at once.
            try {
                Files.deleteIfExists(temp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        syncDirectory(dir);
    }

    /**
     * Makes a rename or a new entry in {@code dir} durable.
     *
     * @param dir the directory
     */
    static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some platforms cannot open a directory; the rename itself is still atomic there.
            LOG.debug("cannot sync directory {}: {}", dir, e.toString());
        }
    }

    /**
     * Deletes temporary files a crashed writer left in {@code dir}. Safe only under the write lock,
     * when no other writer can be between its temp write and rename.
     *
     * @param dir the directory
     * @throws IOException when the directory cannot be listed
     */
    static void removeStrayTemps(Path dir) throws IOException {
        removeStrayTemps(dir, name -> name.startsWith(".") && name.endsWith(TEMP_SUFFIX));
    }

    private static void removeStrayTemps(Path dir, java.util.function.Predicate<String> isStray) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir,
                p -> isStray.test(p.getFileName().toString()))) {
            for (Path stray : entries) {
                if (Files.isRegularFile(stray, LinkOption.NOFOLLOW_LINKS)) {
                    Files.deleteIfExists(stray);
                    LOG.info("removed temporary file {} left by an interrupted write", stray);
                }
            }
        } catch (NoSuchFileException e) {
            // nothing to clean in a directory that does not exist
        }
    }

    /**
     * Deletes a directory tree without following symbolic links.
     *
     * @param dir the tree's root
     * @throws IOException when an entry cannot be deleted
     */
    static void deleteTree(Path dir) throws IOException {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** @return 16 random hex characters for unique temporary names */
    static String randomHex() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static FileAttribute<?>[] permissions(Path dir, String posixMode) {
        // Default owner read/write, group read: the files hold secret hashes and references.
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString(posixMode))};
        }
        return new FileAttribute<?>[0];
    }
}
