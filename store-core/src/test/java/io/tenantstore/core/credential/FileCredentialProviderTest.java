package io.tenantstore.core.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import io.tenantstore.CredentialException;
import io.tenantstore.CredentialSpec;
import io.tenantstore.spi.Credential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileCredentialProviderTest {
    private static final String SECRET = "pw-Zq8s3cr3t";

    @TempDir
    Path dir;

    private FileCredentialProvider provider(Path file) {
        return new FileCredentialProvider(CredentialSpec.File.of(file), Optional.of("app"));
    }

    private static void write(Path file, String content, Instant modified) throws IOException {
        Files.writeString(file, content);
        Files.setLastModifiedTime(file, FileTime.from(modified));
    }

    @Test
    void readsABarePasswordWithTheConfiguredUsername() throws IOException {
        Path file = dir.resolve("password");
        Files.writeString(file, SECRET + "\n");

        Credential c = provider(file).mint();

        assertThat(c.username()).isEqualTo("app");
        assertThat(c.secret().reveal()).isEqualTo(SECRET);
        assertThat(c.expiresAt()).isEmpty();
    }

    @Test
    void readsTheCommandJsonFormat() throws IOException {
        Path file = dir.resolve("creds.json");
        Files.writeString(file, "{\"username\": \"v-app-7\", \"password\": \"" + SECRET
                + "\", \"expiresAt\": \"2026-11-21T11:00:00Z\"}\n");

        Credential c = provider(file).mint();

        assertThat(c.username()).isEqualTo("v-app-7");
        assertThat(c.expiresAt()).contains(Instant.parse("2026-11-21T11:00:00Z"));
    }

    @Test
    void reReadsTheFileWhenItChanges() throws IOException {
        Path file = dir.resolve("password");
        Instant t0 = Instant.parse("2026-11-21T10:00:00Z");
        write(file, "first-" + SECRET, t0);
        FileCredentialProvider p = provider(file);
        Credential first = p.mint();

        assertThat(p.mint()).as("unchanged: the same credential").isSameAs(first);

        write(file, "second-" + SECRET, t0.plusSeconds(60));
        assertThat(p.mint().secret().reveal()).isEqualTo("second-" + SECRET);
    }

    @Test
    void aRewriteWithTheSameContentKeepsTheCredential() throws IOException {
        Path file = dir.resolve("password");
        Instant t0 = Instant.parse("2026-11-21T10:00:00Z");
        write(file, SECRET, t0);
        FileCredentialProvider p = provider(file);
        Credential first = p.mint();

        write(file, SECRET, t0.plusSeconds(60));

        assertThat(p.mint()).as("same hash: not parsed again").isSameAs(first);
    }

    @Test
    void anUnchangedTimeSizeAndInodeSkipTheRead() throws IOException {
        Path file = dir.resolve("password");
        Instant t0 = Instant.parse("2026-11-21T10:00:00Z");
        write(file, "aaaa-" + SECRET, t0);
        FileCredentialProvider p = provider(file);
        Credential first = p.mint();

        // Same size, same inode, modification time put back: the stamp says unchanged.
        write(file, "bbbb-" + SECRET, t0);

        assertThat(p.mint()).isSameAs(first);
    }

    @Test
    void aSymlinkSwapLikeAKubernetesSecretMountIsSeen() throws IOException {
        Instant t0 = Instant.parse("2026-11-21T10:00:00Z");
        Path v1 = dir.resolve("v1");
        Path v2 = dir.resolve("v2");
        write(v1, "aaaa-" + SECRET, t0);
        write(v2, "bbbb-" + SECRET, t0);
        Path link = dir.resolve("password");
        Files.createSymbolicLink(link, v1.getFileName());
        FileCredentialProvider p = provider(link);
        assertThat(p.mint().secret().reveal()).startsWith("aaaa-");

        Path tmp = dir.resolve("password.tmp");
        Files.createSymbolicLink(tmp, v2.getFileName());
        Files.move(tmp, link, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);

        assertThat(p.mint().secret().reveal()).as("another inode, same time and size").startsWith("bbbb-");
    }

    @Test
    void badFilesAreReportedWithoutTheirContent() throws IOException {
        Path missing = dir.resolve("missing");
        Path empty = dir.resolve("empty");
        Files.writeString(empty, "\n");
        Path twoLines = dir.resolve("two-lines");
        Files.writeString(twoLines, SECRET + "\nsomething else\n");
        Path badJson = dir.resolve("bad.json");
        Files.writeString(badJson, "{\"password\": \"" + SECRET + "\"");

        assertThatThrownBy(() -> provider(missing).mint()).isInstanceOf(CredentialException.class)
                .hasMessage("credential file " + missing + " does not exist");
        assertThatThrownBy(() -> provider(empty).mint()).hasMessage("credential file " + empty + " is empty");
        assertThatThrownBy(() -> provider(twoLines).mint()).hasMessageContaining("holds more than one line")
                .hasMessageNotContaining(SECRET);
        assertThatThrownBy(() -> provider(badJson).mint()).hasMessageContaining("did not produce valid JSON")
                .hasMessageNotContaining(SECRET);
        assertThatThrownBy(() -> new FileCredentialProvider(CredentialSpec.File.of(empty.resolveSibling("x")),
                Optional.empty()).mint()).isInstanceOf(CredentialException.class);
    }

    @Test
    void aBarePasswordNeedsAConfiguredUsername() throws IOException {
        Path file = dir.resolve("password");
        Files.writeString(file, SECRET);

        assertThatThrownBy(() -> new FileCredentialProvider(CredentialSpec.File.of(file), Optional.empty()).mint())
                .isInstanceOf(CredentialException.class)
                .hasMessage("credential file " + file + " holds a bare password and the data source has no username configured");
    }

    @Test
    void asksToBeRecheckedAtItsInterval() {
        FileCredentialProvider p = new FileCredentialProvider(
                new CredentialSpec.File(dir.resolve("password"), Duration.ofSeconds(5)), Optional.of("app"));

        assertThat(p.recheckInterval()).contains(Duration.ofSeconds(5));
        assertThat(p.description()).isEqualTo("credential file " + dir.resolve("password"));
    }
}
