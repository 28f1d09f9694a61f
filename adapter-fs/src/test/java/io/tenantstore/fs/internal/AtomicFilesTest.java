package io.tenantstore.fs.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    private final FsHooks crash = new FsHooks() {
        @Override
        public void beforeRename(Path temp, Path target) {
            throw new FsTenantRepositoryTest.SimulatedCrash();
        }
    };

    @Test
    void createsAndReplaces() throws IOException {
        Path f = dir.resolve("f.yaml");
        AtomicFiles.write(f, "one\n", FsHooks.NONE);
        assertThat(f).hasContent("one");
        AtomicFiles.write(f, "two ü\n", FsHooks.NONE);
        assertThat(Files.readString(f)).isEqualTo("two ü\n");
        assertThat(FsTenantRepositoryTest.temps(dir)).isEmpty();
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-r-----");
        }
    }

    @Test
    void crashBeforeRenameKeepsTheOldFileAndTheNextWriteCleansUp() throws IOException {
        Path f = dir.resolve("f.yaml");
        AtomicFiles.write(f, "old\n", FsHooks.NONE);
        assertThatThrownBy(() -> AtomicFiles.write(f, "new\n", crash)).isInstanceOf(FsTenantRepositoryTest.SimulatedCrash.class);
        assertThat(Files.readString(f)).isEqualTo("old\n");
        assertThat(FsTenantRepositoryTest.temps(dir)).singleElement()
                .satisfies(t -> assertThat(Files.readString(t)).isEqualTo("new\n"));
        AtomicFiles.write(dir.resolve("other.yaml"), "x\n", FsHooks.NONE);
        assertThat(FsTenantRepositoryTest.temps(dir)).isEmpty();
        assertThat(Files.readString(f)).isEqualTo("old\n");
    }

    @Test
    void crashOnAFirstWriteLeavesNoFile() {
        Path f = dir.resolve("f.yaml");
        assertThatThrownBy(() -> AtomicFiles.write(f, "new\n", crash)).isInstanceOf(Error.class);
        assertThat(f).doesNotExist();
    }

    @Test
    void ioFailureRemovesTheTemporaryFileAtOnce() throws IOException {
        Path f = dir.resolve("f.yaml");
        AtomicFiles.write(f, "old\n", FsHooks.NONE);
        FsHooks failing = new FsHooks() {
            @Override
            public void beforeRename(Path temp, Path target) throws IOException {
                throw new IOException("rename refused");
            }
        };
        assertThatThrownBy(() -> AtomicFiles.write(f, "new\n", failing)).hasMessage("rename refused");
        assertThat(FsTenantRepositoryTest.temps(dir)).isEmpty();
        assertThat(Files.readString(f)).isEqualTo("old\n");
    }

    @Test
    void deleteTreeDoesNotFollowSymbolicLinks() throws IOException {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("keep.txt"), "keep");
        Path tree = Files.createDirectories(dir.resolve("tree/sub"));
        Files.writeString(tree.resolve("x"), "x");
        Files.createSymbolicLink(dir.resolve("tree/link"), outside);
        AtomicFiles.deleteTree(dir.resolve("tree"));
        assertThat(dir.resolve("tree")).doesNotExist();
        assertThat(outside.resolve("keep.txt")).hasContent("keep");
    }
}
