package io.tenantstore.redis;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;

/**
 * Redis servers for tests: the one named by {@code TENANTSTORE_TEST_REDIS_URL} (CI's local server),
 * else a {@code redis-server} process this JVM starts on a free port and stops at exit. Fault tests
 * start their own with {@link #start(int)}. Thread-safe.
 */
public final class RedisTestServer implements AutoCloseable {
    /** Environment variable naming a Redis server the tests may use. */
    public static final String URL_VARIABLE = "TENANTSTORE_TEST_REDIS_URL";
    private static volatile String sharedUrl;

    private final int port;
    private final Process process;

    private RedisTestServer(int port, Process process) {
        this.port = port;
        this.process = process;
    }

    /** @return the URL of the server for this test run */
    public static synchronized String url() {
        if (sharedUrl == null) {
            String fromEnv = System.getenv(URL_VARIABLE);
            if (fromEnv != null && !fromEnv.isBlank()) {
                sharedUrl = fromEnv;
            } else {
                RedisTestServer own = start(freePort());
                Runtime.getRuntime().addShutdownHook(new Thread(own::close));
                sharedUrl = own.url0();
            }
        }
        return sharedUrl;
    }

    /** @return a port nothing listens on right now */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }

    /**
     * Starts a redis-server (no persistence) on 127.0.0.1 and waits until it accepts connections.
     *
     * @param port      the port
     * @param extraArgs more redis-server options, e.g. {@code --requirepass pw}
     * @return the running server
     */
    public static RedisTestServer start(int port, String... extraArgs) {
        String binary = List.of("/usr/bin/redis-server", "/usr/local/bin/redis-server", "/usr/bin/valkey-server",
                        "/usr/local/bin/valkey-server").stream().filter(p -> Files.isExecutable(Path.of(p)))
                .findFirst().orElseThrow(() -> new IllegalStateException("no redis-server binary found and "
                        + URL_VARIABLE + " is not set: install redis-server or point the variable at a server"));
        List<String> command = new java.util.ArrayList<>(List.of(binary, "--port", String.valueOf(port), "--bind",
                "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no", "--loglevel", "warning"));
        command.addAll(List.of(extraArgs));
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + binary, e);
        }
        RedisTestServer server = new RedisTestServer(port, p);
        Awaitility.await("redis-server on port " + port).atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(20)).until(() -> {
                    if (!p.isAlive()) {
                        throw new IllegalStateException("redis-server on port " + port + " exited: " + p.exitValue());
                    }
                    return server.accepts();
                });
        return server;
    }

    /** @return whether something accepts connections on the port */
    public boolean accepts() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private String url0() {
        return "redis://127.0.0.1:" + port + "/0";
    }

    /** @return this server's URL */
    public String serverUrl() {
        return url0();
    }

    /** @return its port */
    public int port() {
        return port;
    }

    /** Stops the server and waits until it is gone. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
