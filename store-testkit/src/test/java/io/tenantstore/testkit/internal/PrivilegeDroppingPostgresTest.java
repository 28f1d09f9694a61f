package io.tenantstore.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

class PrivilegeDroppingPostgresTest {

    @TempDir
    Path target;

    @Test
    void unpackRestoresDirectoriesFilesModesAndLinks() throws IOException {
        byte[] archive = txz(tar -> {
            directory(tar, "bin/", 0755);
            file(tar, "bin/initdb", 0755, "#!/bin/sh\n");
            directory(tar, "lib/", 0755);
            file(tar, "lib/libpq.so.5.14", 0644, "elf");
            link(tar, "lib/libpq.so.5", "libpq.so.5.14", TarConstants.LF_SYMLINK);
            link(tar, "lib/libpq.so", "lib/libpq.so.5.14", TarConstants.LF_LINK);
        });

        PrivilegeDroppingPostgres.unpack(new ByteArrayInputStream(archive), target);

        assertThat(Files.readString(target.resolve("bin/initdb"))).isEqualTo("#!/bin/sh\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target.resolve("bin/initdb"))))
                .isEqualTo("rwxr-xr-x");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target.resolve("lib/libpq.so.5.14"))))
                .isEqualTo("rw-r--r--");
        assertThat(Files.readSymbolicLink(target.resolve("lib/libpq.so.5"))).isEqualTo(Path.of("libpq.so.5.14"));
        assertThat(Files.readString(target.resolve("lib/libpq.so.5"))).isEqualTo("elf");
        assertThat(Files.isSameFile(target.resolve("lib/libpq.so"), target.resolve("lib/libpq.so.5.14"))).isTrue();
    }

    @Test
    void unpackRefusesEntriesThatEscapeTheTarget() throws IOException {
        byte[] archive = txz(tar -> file(tar, "../escaped", 0644, "x"));

        assertThatThrownBy(() -> PrivilegeDroppingPostgres.unpack(new ByteArrayInputStream(archive), target))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("../escaped");
        assertThat(target.resolveSibling("escaped")).doesNotExist();
    }

    private interface TarWriter {
        void write(TarArchiveOutputStream tar) throws IOException;
    }

    private static byte[] txz(TarWriter writer) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(
                new XZOutputStream(bytes, new LZMA2Options(0)))) {
            writer.write(tar);
        }
        return bytes.toByteArray();
    }

    private static void directory(TarArchiveOutputStream tar, String name, int mode) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setMode(TarArchiveEntry.DEFAULT_DIR_MODE & ~0777 | mode);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
    }

    private static void file(TarArchiveOutputStream tar, String name, int mode, String content) throws IOException {
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry(name, true);
        entry.setMode(TarArchiveEntry.DEFAULT_FILE_MODE & ~0777 | mode);
        entry.setSize(data.length);
        tar.putArchiveEntry(entry);
        tar.write(data);
        tar.closeArchiveEntry();
    }

    private static void link(TarArchiveOutputStream tar, String name, String linkName, byte type) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name, type);
        entry.setLinkName(linkName);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
    }
}
