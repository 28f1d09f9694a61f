package io.tenantstore.redis;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ForkJoinPool;

import io.tenantstore.CacheConfig;
import io.tenantstore.repository.TenantCache;
import io.tenantstore.spi.CacheConnection;
import io.tenantstore.spi.CacheProviderConfig;

/**
 * One process of {@link RedisCacheMultiProcessIT}: waits for {@code GO} on stdin, races
 * {@code setIfAbsent} over the keys and reports its wins, waits for {@code GO2}, races
 * {@code getAndDelete} and reports what it took. Protocol lines start with {@code @@ } (logging may
 * share stdout). Not thread-safe (a main class).
 */
public final class RaceWorker {
    private RaceWorker() {
    }

    /**
     * @param args redis URL, key prefix, tenant id, worker name, number of keys
     * @throws Exception when the protocol breaks
     */
    public static void main(String[] args) throws Exception {
        String url = args[0];
        String keyPrefix = args[1];
        String tenantId = args[2];
        String worker = args[3];
        int keys = Integer.parseInt(args[4]);
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8); // whole lines, never split by a log line
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (CacheConnection cache = new RedisCacheProvider().open(new CacheProviderConfig(
                CacheConfig.builder("redis").url(url).keyPrefix(keyPrefix).build(), java.time.Clock.systemUTC(),
                ForkJoinPool.commonPool()))) {
            TenantCache c = cache.forTenant(tenantId);
            c.exists("warm-up"); // connect before the start signal
            out.println("@@ READY");
            out.flush();
            expect(in, "GO");
            for (int i = 0; i < keys; i++) {
                if (c.setIfAbsent("race:" + i, worker, Duration.ofMinutes(5))) {
                    out.println("@@ WON " + i);
                }
            }
            out.println("@@ DONE1");
            out.flush();
            expect(in, "GO2");
            for (int i = 0; i < keys; i++) {
                Optional<String> v = c.getAndDelete("race:" + i);
                if (v.isPresent()) {
                    out.println("@@ TOOK " + i + " " + v.get());
                }
            }
            out.println("@@ DONE2");
            out.flush();
        }
    }

    private static void expect(BufferedReader in, String word) throws java.io.IOException {
        String line = in.readLine();
        if (!word.equals(line)) {
            throw new IllegalStateException("expected " + word + ", got " + line);
        }
    }
}
