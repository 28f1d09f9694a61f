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
 * One process of {@link RedisCacheMultiProcessIT}: waits for {@code GO <time>} on stdin and for
 * that time (all processes get the same one), races
 * {@code setIfAbsent} over the keys and reports its wins, waits for {@code GO2 <time>}, races
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
            // Connect and warm the JIT before the start signal, so the processes run at a like pace
            // and really contend for each key.
            for (int i = 0; i < 2000; i++) {
                c.setIfAbsent("warm-up:" + worker, "x", Duration.ofMinutes(1));
                c.getAndDelete("warm-up:" + worker);
            }
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

    /** Reads "WORD startAtMillis" and spins until that wall-clock time, so every process starts together. */
    private static void expect(BufferedReader in, String word) throws java.io.IOException {
        String line = in.readLine();
        if (line == null || !line.startsWith(word + " ")) {
            throw new IllegalStateException("expected " + word + ", got " + line);
        }
        long startAt = Long.parseLong(line.substring(word.length() + 1));
        while (System.currentTimeMillis() < startAt) {
            Thread.onSpinWait();
        }
    }
}
