package io.tenantstore.core.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.tenantstore.CredentialException;
import io.tenantstore.CredentialSpec;
import io.tenantstore.spi.Credential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandCredentialProviderTest {
    private static final String SECRET = "tok-Zq8s3cr3t";

    @TempDir
    Path dir;

    private Path script(String name, String body) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return p;
    }

    private static CommandCredentialProvider provider(Duration timeout, String... command) {
        return new CommandCredentialProvider(new CredentialSpec.Command(List.of(command), timeout), Optional.of("app"));
    }

    private static CommandCredentialProvider provider(String... command) {
        return provider(Duration.ofSeconds(10), command);
    }

    private static CredentialException failure(CommandCredentialProvider p) {
        CredentialException e = catchThrowableOfType(CredentialException.class, p::mint);
        assertThat(e).as("mint fails").isNotNull();
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).as("no secret in any message").doesNotContain(SECRET);
        }
        return e;
    }

    @Test
    void readsUsernamePasswordAndExpiryFromStdout() throws IOException {
        Path s = script("token", "printf '{\"username\": \"iam-%s\", \"password\": \"" + SECRET
                + "\", \"expiresAt\": \"2026-11-21T10:15:00Z\", \"kind\": \"rds\"}\\n' \"$1\"");

        Credential c = provider(s.toString(), "acme").mint();

        assertThat(c.username()).isEqualTo("iam-acme");
        assertThat(c.secret().reveal()).isEqualTo(SECRET);
        assertThat(c.expiresAt()).contains(Instant.parse("2026-11-21T10:15:00Z"));
        assertThat(c.toString()).doesNotContain(SECRET);
    }

    @Test
    void takesEpochSecondsAndFallsBackToTheConfiguredUsername() throws IOException {
        Path s = script("token", "echo '{\"password\": \"" + SECRET + "\", \"expiresAt\": 1795255200}'");

        Credential c = provider(s.toString()).mint();

        assertThat(c.username()).isEqualTo("app");
        assertThat(c.expiresAt()).contains(Instant.ofEpochSecond(1795255200L));
    }

    @Test
    void aNonZeroExitQuotesTheFirstLineOfStderrAndNeverStdout() throws IOException {
        Path s = script("token", "echo '{\"password\": \"" + SECRET + "\"}'\n"
                + "echo 'token service: 403 Forbidden' >&2\necho 'second line' >&2\nexit 3");

        CredentialException e = failure(provider(s.toString()));

        assertThat(e).hasMessage("credential command " + s + " exited with status 3; stderr: 'token service: 403 Forbidden'");
    }

    @Test
    void aNonZeroExitWithoutStderrSaysSo() throws IOException {
        Path s = script("token", "exit 1");

        assertThat(failure(provider(s.toString()))).hasMessageEndingWith("exited with status 1; nothing on stderr");
    }

    @Test
    void aProgramThatRunsTooLongIsKilledWithItsChildren() throws Exception {
        Path pid = dir.resolve("pid");
        Path child = dir.resolve("child");
        Path s = script("token", "echo $$ > " + pid + "\nsleep 300 &\necho $! > " + child
                + "\necho 'waiting for the token service' >&2\nwait");

        long started = System.nanoTime();
        CredentialException e = failure(provider(Duration.ofSeconds(2), s.toString()));

        assertThat(e).hasMessage("credential command " + s
                + " timed out after PT2S and was killed; stderr: 'waiting for the token service'");
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)).as("not the 300 s of sleep").isLessThan(60);
        for (Path p : List.of(pid, child)) {
            long id = Long.parseLong(Files.readString(p).strip());
            Optional<ProcessHandle> h = ProcessHandle.of(id);
            if (h.isPresent()) {
                h.get().onExit().get(30, TimeUnit.SECONDS);
                assertThat(h.get().isAlive()).as("process %s killed", p.getFileName()).isFalse();
            }
        }
    }

    @Test
    void badJsonIsReportedByOffsetWithoutTheOutput() throws IOException {
        Path s = script("token", "printf '{\"username\": \"app\", \"password\": \"" + SECRET + "\"'");

        CredentialException e = failure(provider(s.toString()));

        assertThat(e.getMessage()).startsWith("credential command " + s + " did not produce valid JSON: expected ',' or '}'"
                + " at offset ").contains("(end of input)");
    }

    @Test
    void jsonWithoutPasswordOrWithABadExpiryIsRefused() throws IOException {
        Path noPassword = script("a", "echo '{\"username\": \"app\"}'");
        Path badExpiry = script("b", "echo '{\"password\": \"" + SECRET + "\", \"expiresAt\": \"tomorrow\"}'");
        Path notAnObject = script("c", "echo '[\"" + SECRET + "\"]'");

        assertThat(failure(provider(noPassword.toString()))).hasMessageContaining("without a \"password\"");
        assertThat(failure(provider(badExpiry.toString())))
                .hasMessageContaining("\"expiresAt\" that is not an ISO-8601 instant such as 2026-11-21T10:15:00Z: 'tomorrow'");
        assertThat(failure(provider(notAnObject.toString()))).hasMessageContaining("JSON that is not an object");
    }

    @Test
    void noOutputTooMuchOutputAndAMissingProgramAreErrors() throws IOException {
        Path silent = script("silent", "exit 0");
        Path chatty = script("chatty", "head -c 70000 /dev/zero | tr '\\000' 'a'");

        assertThat(failure(provider(silent.toString()))).hasMessageContaining("printed nothing on stdout");
        assertThat(failure(provider(chatty.toString()))).hasMessageContaining("printed more than 65536 bytes on stdout");
        assertThat(failure(provider(dir.resolve("missing").toString())))
                .hasMessageStartingWith("credential command " + dir.resolve("missing") + " could not be started");
    }

    @Test
    void theDescriptionNamesTheProgramButNotItsArguments() {
        CommandCredentialProvider p = provider("/usr/local/bin/db-token", "--api-key=" + SECRET);

        assertThat(p.description()).isEqualTo("credential command /usr/local/bin/db-token");
        assertThat(p.toString()).doesNotContain(SECRET);
    }
}
