package io.tenantstore.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerProbeTest {

    @TempDir
    Path home;

    private final Map<String, String> env = new HashMap<>();
    private final Set<Path> existing = new HashSet<>();
    private final AtomicInteger asked = new AtomicInteger();
    private boolean engineAnswers = true;

    private DockerProbe probe() {
        return new DockerProbe(env::get, home, path -> existing.contains(path) || Files.exists(path)
                && path.startsWith(home), () -> {
                    asked.incrementAndGet();
                    return engineAnswers;
                });
    }

    @Test
    void withoutAnyHintTestcontainersIsNotAsked() {
        DockerProbe probe = probe();

        assertThat(probe.available()).isFalse();
        assertThat(asked).hasValue(0);
    }

    @Test
    void dockerHostMakesItAskTestcontainers() {
        env.put("DOCKER_HOST", "tcp://docker:2375");

        assertThat(probe().available()).isTrue();
        assertThat(asked).hasValue(1);
    }

    @Test
    void aSocketFileMakesItAskAndTheEngineMayStillNotAnswer() {
        existing.add(Path.of("/var/run/docker.sock"));
        engineAnswers = false;

        assertThat(probe().available()).isFalse();
        assertThat(asked).hasValue(1);
    }

    @Test
    void aRootlessSocketInTheRuntimeDirectoryIsAHint() {
        env.put("XDG_RUNTIME_DIR", "/run/user/1000");
        existing.add(Path.of("/run/user/1000/docker.sock"));

        assertThat(probe().hinted()).isTrue();
    }

    @Test
    void aDockerDesktopSocketInTheHomeDirectoryIsAHint() {
        existing.add(home.resolve(".docker/run/docker.sock"));

        assertThat(probe().hinted()).isTrue();
    }

    @Test
    void testcontainersPropertiesNamingAHostAreAHint() throws IOException {
        Files.writeString(home.resolve(".testcontainers.properties"), "docker.host=tcp://remote:2376\n");

        assertThat(probe().hinted()).isTrue();
    }

    @Test
    void testcontainersPropertiesWithoutAHostAreNoHint() throws IOException {
        Files.writeString(home.resolve(".testcontainers.properties"), "ryuk.disabled=true\n");

        assertThat(probe().hinted()).isFalse();
    }

    @Test
    void theAnswerIsComputedOnce() {
        env.put("DOCKER_HOST", "unix:///var/run/docker.sock");
        DockerProbe probe = probe();

        probe.available();
        probe.available();

        assertThat(asked).hasValue(1);
    }
}
