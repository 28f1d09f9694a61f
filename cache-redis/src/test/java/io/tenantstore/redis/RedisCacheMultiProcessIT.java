package io.tenantstore.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * Four JVMs (not threads) share one Redis server: for each of 1,000 keys they race
 * {@code setIfAbsent}, then {@code getAndDelete}; exactly one process wins each key, and each
 * stored value is handed to exactly one process.
 */
class RedisCacheMultiProcessIT {
    private static final int WORKERS = 4;
    private static final int KEYS = 1000;

    @Test
    void setIfAbsentAndGetAndDeleteHaveExactlyOneWinnerPerKeyAcrossProcesses() throws Exception {
        String url = RedisTestServer.url();
        String prefix = "tstest-mp-" + UUID.randomUUID();
        String tenantId = UUID.randomUUID().toString();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> processes = new ArrayList<>();
        List<BufferedReader> outs = new ArrayList<>();
        List<Writer> ins = new ArrayList<>();
        try {
            for (int w = 0; w < WORKERS; w++) {
                Process p = new ProcessBuilder(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                        RaceWorker.class.getName(), url, prefix, tenantId, "w" + w, String.valueOf(KEYS))
                        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
                processes.add(p);
                outs.add(new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)));
                ins.add(new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8));
            }
            for (BufferedReader out : outs) {
                readUntil(out, "READY", new ArrayList<>());
            }
            send(ins, "GO");
            Map<Integer, List<String>> winners = new TreeMap<>();
            for (int w = 0; w < WORKERS; w++) {
                List<String> lines = new ArrayList<>();
                readUntil(outs.get(w), "DONE1", lines);
                for (String line : lines) {
                    winners.computeIfAbsent(Integer.parseInt(line.substring("WON ".length())), k -> new ArrayList<>())
                            .add("w" + w);
                }
            }
            send(ins, "GO2");
            Map<Integer, List<String>> takers = new HashMap<>();
            Map<Integer, String> taken = new HashMap<>();
            for (int w = 0; w < WORKERS; w++) {
                List<String> lines = new ArrayList<>();
                readUntil(outs.get(w), "DONE2", lines);
                for (String line : lines) {
                    String[] parts = line.split(" ");
                    int key = Integer.parseInt(parts[1]);
                    takers.computeIfAbsent(key, k -> new ArrayList<>()).add("w" + w);
                    taken.put(key, parts[2]);
                }
            }
            for (Process p : processes) {
                assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(p.exitValue()).isZero();
            }

            assertThat(winners).hasSize(KEYS);
            winners.forEach((key, who) -> assertThat(who).as("setIfAbsent winners of key %d", key).hasSize(1));
            assertThat(takers).hasSize(KEYS);
            takers.forEach((key, who) -> assertThat(who).as("getAndDelete takers of key %d", key).hasSize(1));
            winners.forEach((key, who) -> assertThat(taken.get(key)).as("value of key %d", key).isEqualTo(who.get(0)));
            Map<String, Integer> wins = new TreeMap<>();
            winners.values().forEach(who -> wins.merge(who.get(0), 1, Integer::sum));
            Map<String, Integer> takes = new TreeMap<>();
            takers.values().forEach(who -> takes.merge(who.get(0), 1, Integer::sum));
            System.out.println("figures: " + KEYS + " keys, " + WORKERS + " JVMs; setIfAbsent wins per JVM " + wins
                    + ", getAndDelete takes per JVM " + takes);
        } finally {
            processes.forEach(Process::destroyForcibly);
        }
    }

    private static void send(List<Writer> ins, String word) throws java.io.IOException {
        // One start time for all, a little ahead, so no process gets a head start from being told first.
        long startAt = System.currentTimeMillis() + 300;
        for (Writer in : ins) {
            in.write(word + " " + startAt + "\n");
            in.flush();
        }
    }

    private static void readUntil(BufferedReader out, String word, List<String> lines) throws java.io.IOException {
        String line;
        while ((line = out.readLine()) != null) {
            if (!line.startsWith("@@ ")) {
                continue; // logging
            }
            String body = line.substring(3);
            if (body.equals(word)) {
                return;
            }
            lines.add(body);
        }
        throw new IllegalStateException("worker ended before " + word);
    }
}
