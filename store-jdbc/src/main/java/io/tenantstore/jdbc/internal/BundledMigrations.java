package io.tenantstore.jdbc.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Map;
import java.util.OptionalInt;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The highest version among the {@code V<n>__*.sql} files of a classpath location, read once per
 * class loader and location, so a target already at that version can be recognised without
 * starting Flyway. Thread-safe.
 */
final class BundledMigrations {
    private static final Pattern VERSIONED = Pattern.compile("V(\\d+)__[^/]+\\.sql");
    /** Signals "not sure": a file Flyway might take for a migration that is not a plain V<int>__. */
    private static final int UNSURE = Integer.MIN_VALUE;
    // Weak keys: a class loader that goes away takes its entries with it.
    private static final Map<ClassLoader, ConcurrentMap<String, OptionalInt>> LATEST = new WeakHashMap<>();

    private BundledMigrations() {
    }

    /**
     * @param loader   where to look
     * @param location a Flyway location, {@code classpath:} prefixed
     * @return the highest integer version, or empty when the location cannot be listed (a custom
     *         class loader, a non-integer version): the caller then runs Flyway as usual
     */
    static OptionalInt latest(ClassLoader loader, String location) {
        if (!location.startsWith("classpath:")) {
            return OptionalInt.empty();
        }
        String dir = location.substring("classpath:".length()).replaceAll("^/+|/+$", "");
        ConcurrentMap<String, OptionalInt> byLocation;
        synchronized (LATEST) {
            byLocation = LATEST.computeIfAbsent(loader, l -> new ConcurrentHashMap<>());
        }
        return byLocation.computeIfAbsent(dir, d -> scan(loader, d));
    }

    private static OptionalInt scan(ClassLoader loader, String dir) {
        int max = -1;
        try {
            Enumeration<URL> roots = loader.getResources(dir);
            while (roots.hasMoreElements()) {
                URL url = roots.nextElement();
                switch (url.getProtocol()) {
                    case "file" -> {
                        Path base = Path.of(url.toURI());
                        // Flyway scans sub-folders too, so this does.
                        try (Stream<Path> files = Files.walk(base)) {
                            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                                max = merge(max, version(f.getFileName().toString()));
                            }
                        }
                    }
                    case "jar" -> {
                        JarURLConnection conn = (JarURLConnection) url.openConnection();
                        conn.setUseCaches(false);
                        try (JarFile jar = conn.getJarFile()) {
                            String prefix = dir + "/";
                            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                                JarEntry entry = e.nextElement();
                                String name = entry.getName();
                                if (!entry.isDirectory() && name.startsWith(prefix)) {
                                    max = merge(max, version(name.substring(name.lastIndexOf('/') + 1)));
                                }
                            }
                        }
                    }
                    default -> {
                        return OptionalInt.empty();
                    }
                }
                if (max == UNSURE) {
                    return OptionalInt.empty();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list migrations in " + dir, e);
        } catch (URISyntaxException | IllegalArgumentException e) {
            return OptionalInt.empty();
        }
        return max < 0 ? OptionalInt.empty() : OptionalInt.of(max);
    }

    /**
     * One versioned script of a location.
     *
     * @param version     its integer version
     * @param script      its path below the location, as Flyway records it
     * @param description its description, as Flyway derives it from the file name
     * @param resource    its class loader resource name
     */
    record Script(int version, String script, String description, String resource) {
    }

    /**
     * Every {@code V<int>__*.sql} script of a location in version order, for applying them without
     * Flyway ({@link ColdStart}); empty when anything there is not such a script Flyway would run
     * (the caller then runs Flyway), or when the location cannot be listed.
     *
     * @param loader   where to look
     * @param location a Flyway location, {@code classpath:} prefixed
     * @return the scripts, or empty
     */
    static java.util.Optional<java.util.List<Script>> scripts(ClassLoader loader, String location) {
        if (!location.startsWith("classpath:")) {
            return java.util.Optional.empty();
        }
        String dir = location.substring("classpath:".length()).replaceAll("^/+|/+$", "");
        java.util.List<Script> out = new java.util.ArrayList<>();
        try {
            Enumeration<URL> roots = loader.getResources(dir);
            while (roots.hasMoreElements()) {
                URL url = roots.nextElement();
                java.util.List<String> relative = new java.util.ArrayList<>();
                switch (url.getProtocol()) {
                    case "file" -> {
                        Path base = Path.of(url.toURI());
                        try (Stream<Path> files = Files.walk(base)) {
                            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                                relative.add(base.relativize(f).toString().replace('\\', '/'));
                            }
                        }
                    }
                    case "jar" -> {
                        JarURLConnection conn = (JarURLConnection) url.openConnection();
                        conn.setUseCaches(false);
                        try (JarFile jar = conn.getJarFile()) {
                            String prefix = dir + "/";
                            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                                JarEntry entry = e.nextElement();
                                if (!entry.isDirectory() && entry.getName().startsWith(prefix)) {
                                    relative.add(entry.getName().substring(prefix.length()));
                                }
                            }
                        }
                    }
                    default -> {
                        return java.util.Optional.empty();
                    }
                }
                for (String r : relative) {
                    String name = r.substring(r.lastIndexOf('/') + 1);
                    int v = version(name);
                    if (v == UNSURE) {
                        return java.util.Optional.empty();
                    }
                    if (v >= 0) {
                        String description = name.substring(name.indexOf("__") + 2, name.length() - ".sql".length())
                                .replace('_', ' ');
                        out.add(new Script(v, r, description, dir + "/" + r));
                    }
                }
            }
        } catch (IOException | URISyntaxException | IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
        out.sort(java.util.Comparator.comparingInt(Script::version));
        for (int i = 1; i < out.size(); i++) {
            if (out.get(i).version() == out.get(i - 1).version()) {
                return java.util.Optional.empty(); // Flyway refuses two scripts of one version: let it say so
            }
        }
        return out.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(java.util.List.copyOf(out));
    }

    private static int merge(int max, int version) {
        return max == UNSURE || version == UNSURE ? UNSURE : Math.max(max, version);
    }

    /**
     * @return the version of a {@code V<int>__*.sql} file; -1 for a file Flyway ignores;
     *         {@link #UNSURE} for anything Flyway could run that is not a plain integer version
     *         (dotted or underscored versions, repeatable {@code R__} files, undo files, Java classes)
     */
    private static int version(String fileName) {
        Matcher m = VERSIONED.matcher(fileName);
        if (m.matches()) {
            return Integer.parseInt(m.group(1));
        }
        if (fileName.matches("[VRU].*__.*") || fileName.endsWith(".class")) {
            return UNSURE;
        }
        return -1;
    }
}
