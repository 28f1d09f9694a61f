package io.tenantstore.testkit.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/**
 * Answers "does a Docker engine answer?" for the Testcontainers step of the resolution.
 *
 * <p>Testcontainers' own check takes a while and logs an error when there is no engine, so it is
 * asked only when something points at an engine: {@code DOCKER_HOST}, a {@code docker.host} or
 * Testcontainers Cloud entry in {@code ~/.testcontainers.properties}, or one of the usual socket
 * files. The answer is computed once.
 *
 * <p>Thread-safe.
 */
public final class DockerProbe {

    private static final Logger LOG = LoggerFactory.getLogger(DockerProbe.class);

    private final Function<String, @Nullable String> env;
    private final Path home;
    private final Predicate<Path> exists;
    private final BooleanSupplier testcontainersCheck;
    private volatile @Nullable Boolean answer;

    /**
     * @param env                 environment lookup
     * @param home                the user's home directory
     * @param exists              whether a path exists (a fake in tests)
     * @param testcontainersCheck the real check, run only when a hint was found
     */
    public DockerProbe(Function<String, @Nullable String> env, Path home, Predicate<Path> exists,
            BooleanSupplier testcontainersCheck) {
        this.env = env;
        this.home = home;
        this.exists = exists;
        this.testcontainersCheck = testcontainersCheck;
    }

    /** @return a probe of this process's environment, asking Testcontainers when hinted */
    public static DockerProbe system() {
        return new DockerProbe(System::getenv, Path.of(System.getProperty("user.home")), Files::exists,
                DockerProbe::askTestcontainers);
    }

    /** @return whether a Docker engine answers; computed on the first call */
    public boolean available() {
        Boolean known = answer;
        if (known == null) {
            synchronized (this) {
                known = answer;
                if (known == null) {
                    known = hinted() && testcontainersCheck.getAsBoolean();
                    answer = known;
                }
            }
        }
        return known;
    }

    /** @return whether anything points at a Docker engine (no engine is contacted) */
    boolean hinted() {
        if (notBlank(env.apply("DOCKER_HOST")) || notBlank(env.apply("TESTCONTAINERS_HOST_OVERRIDE"))) {
            return true;
        }
        if (testcontainersPropertiesNameAnEngine()) {
            return true;
        }
        String runtimeDir = env.apply("XDG_RUNTIME_DIR");
        List<Path> sockets = new ArrayList<>(List.of(
                Path.of("/var/run/docker.sock"),
                Path.of("/run/docker.sock"),
                Path.of("/run/podman/podman.sock"),
                home.resolve(".docker/run/docker.sock"),
                home.resolve(".docker/desktop/docker.sock"),
                home.resolve(".colima/default/docker.sock"),
                home.resolve(".rd/docker.sock")));
        if (notBlank(runtimeDir)) {
            sockets.add(Path.of(runtimeDir, "docker.sock"));
            sockets.add(Path.of(runtimeDir, "podman/podman.sock"));
        }
        return sockets.stream().anyMatch(exists);
    }

    private boolean testcontainersPropertiesNameAnEngine() {
        Path file = home.resolve(".testcontainers.properties");
        if (!exists.test(file)) {
            return false;
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (IOException e) {
            // an unreadable file hints nothing; Testcontainers itself would complain later
            return false;
        }
        return properties.containsKey("docker.host") || properties.containsKey("tc.host")
                || properties.containsKey("docker.client.strategy");
    }

    private static boolean askTestcontainers() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            LOG.debug("Testcontainers could not reach a Docker engine", e);
            return false;
        }
    }

    private static boolean notBlank(@Nullable String value) {
        return value != null && !value.isBlank();
    }
}
