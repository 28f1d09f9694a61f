package io.tenantstore.core.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.WeakHashMap;
import java.util.function.Function;

import io.tenantstore.ErrorCode;
import io.tenantstore.StoreException;
import io.tenantstore.spi.ControlPlaneProvider;
import io.tenantstore.spi.StoreAdapter;
import io.tenantstore.spi.TenantCacheProvider;

/**
 * Services discovered with {@link ServiceLoader} and chosen by name. Discovery is lazy (on first
 * lookup) and cached per class loader; a service is instantiated only to read its names, and
 * nothing is switched on by being found. Thread-safe.
 *
 * @param <S> the service type
 */
public final class NamedServices<S> {
    /** The adapters this project ships, with their artifacts; named when a driver is unknown (never a guessed artifact). */
    static final String KNOWN_ADAPTERS = "postgres (io.tenantstore:tenantstore-postgres), mysql or mariadb"
            + " (io.tenantstore:tenantstore-mysql), mongodb (io.tenantstore:tenantstore-mongodb), sqlite"
            + " (io.tenantstore:tenantstore-sqlite), noop"
            + " (io.tenantstore:tenantstore-noop)";

    private static final Map<ClassLoader, NamedServices<StoreAdapter>> ADAPTERS = new WeakHashMap<>();
    private static final Map<ClassLoader, NamedServices<ControlPlaneProvider>> CONTROL_PLANES = new WeakHashMap<>();
    private static final Map<ClassLoader, NamedServices<TenantCacheProvider>> CACHES = new WeakHashMap<>();

    private final String kind;
    private final Map<String, S> byName;
    private final Set<String> primaryNames;

    private NamedServices(String kind, Map<String, S> byName, Set<String> primaryNames) {
        this.kind = kind;
        this.byName = byName;
        this.primaryNames = primaryNames;
    }

    /**
     * @param loader the class loader to discover with
     * @return the database adapters visible to it
     * @throws StoreException when two adapters claim one name
     */
    public static NamedServices<StoreAdapter> adapters(ClassLoader loader) {
        synchronized (ADAPTERS) {
            return ADAPTERS.computeIfAbsent(loader, cl -> discover("adapter", StoreAdapter.class, cl,
                    StoreAdapter::name, StoreAdapter::aliases));
        }
    }

    /**
     * @param loader the class loader to discover with
     * @return the control-plane providers visible to it
     * @throws StoreException when two providers claim one name
     */
    public static NamedServices<ControlPlaneProvider> controlPlanes(ClassLoader loader) {
        synchronized (CONTROL_PLANES) {
            return CONTROL_PLANES.computeIfAbsent(loader, cl -> discover("control plane", ControlPlaneProvider.class,
                    cl, ControlPlaneProvider::name, p -> Set.of()));
        }
    }

    /**
     * @param loader the class loader to discover with
     * @return the tenant caches visible to it, with the built-in {@code memory} one
     * @throws StoreException when two caches claim one name
     */
    public static NamedServices<TenantCacheProvider> caches(ClassLoader loader) {
        synchronized (CACHES) {
            return CACHES.computeIfAbsent(loader, cl -> {
                List<TenantCacheProvider> found = new ArrayList<>();
                found.add(new InMemoryCacheProvider());
                ServiceLoader.load(TenantCacheProvider.class, cl).stream().forEach(p -> found.add(p.get()));
                return of("cache", found, TenantCacheProvider::name, TenantCacheProvider::aliases);
            });
        }
    }

    /**
     * Builds a registry from explicit instances (tests, embedding without ServiceLoader).
     *
     * @param kind     what the services are, for messages
     * @param services the instances
     * @param names    reads a service's name
     * @param aliases  reads a service's aliases
     * @param <S>      the service type
     * @return the registry
     * @throws StoreException when two services claim one name
     */
    public static <S> NamedServices<S> of(String kind, List<S> services, Function<S, String> names,
                                          Function<S, Set<String>> aliases) {
        Map<String, S> byName = new LinkedHashMap<>();
        Map<String, List<String>> claims = new LinkedHashMap<>();
        Set<String> primary = new TreeSet<>();
        for (S s : services) {
            String name = normalise(names.apply(s));
            primary.add(name);
            List<String> all = new ArrayList<>();
            all.add(name);
            aliases.apply(s).forEach(a -> all.add(normalise(a)));
            for (String n : all) {
                claims.computeIfAbsent(n, k -> new ArrayList<>()).add(s.getClass().getName());
                byName.putIfAbsent(n, s);
            }
        }
        List<String> duplicates = new ArrayList<>();
        claims.forEach((n, owners) -> {
            if (owners.size() > 1) {
                duplicates.add("'" + n + "' by " + String.join(" and ", owners));
            }
        });
        if (!duplicates.isEmpty()) {
            throw new StoreException(ErrorCode.CONFIGURATION, kind + " name claimed twice: "
                    + String.join("; ", duplicates) + "; remove one of the jars from the classpath");
        }
        return new NamedServices<>(kind, Collections.unmodifiableMap(byName), Collections.unmodifiableSet(primary));
    }

    private static <S> NamedServices<S> discover(String kind, Class<S> type, ClassLoader cl,
                                                 Function<S, String> names, Function<S, Set<String>> aliases) {
        List<S> found = new ArrayList<>();
        ServiceLoader.load(type, cl).stream().forEach(p -> found.add(p.get()));
        return of(kind, found, names, aliases);
    }

    private static String normalise(String name) {
        return name.trim().toLowerCase(Locale.ROOT);
    }

    /**
     * @param name a configured name (case-insensitive; aliases accepted)
     * @return the service
     * @throws StoreException with code CONFIGURATION, listing the names found, when unknown
     */
    public S require(String name) {
        S s = byName.get(normalise(name));
        if (s == null) {
            throw new StoreException(ErrorCode.CONFIGURATION, "no " + kind + " named '" + name + "' on the classpath; found: "
                    + (primaryNames.isEmpty() ? "none" : String.join(", ", primaryNames))
                    + (kind.equals("adapter") ? "; the project's adapters are " + KNOWN_ADAPTERS : "")
                    + (kind.equals("cache") ? " (add the cache's jar, e.g. io.tenantstore:tenantstore-redis for redis)" : ""));
        }
        return s;
    }

    /**
     * A registry holding the given instances first and, after them, the discovered services whose
     * names and aliases none of the instances claims: an instance replaces a discovered service of
     * its name (tests, frameworks that build adapters themselves).
     *
     * @param instances the instances to add
     * @param names     reads a service's name
     * @param aliases   reads a service's aliases
     * @return this registry when {@code instances} is empty, else a new one
     * @throws StoreException when two of the instances claim one name
     */
    public NamedServices<S> with(List<S> instances, Function<S, String> names, Function<S, Set<String>> aliases) {
        if (instances.isEmpty()) {
            return this;
        }
        Set<String> claimed = new TreeSet<>();
        for (S s : instances) {
            claimed.addAll(allNames(s, names, aliases));
        }
        List<S> merged = new ArrayList<>(instances);
        new java.util.LinkedHashSet<>(byName.values()).stream()
                .filter(s -> allNames(s, names, aliases).stream().noneMatch(claimed::contains))
                .forEach(merged::add);
        return of(kind, merged, names, aliases);
    }

    private static <S> List<String> allNames(S s, Function<S, String> names, Function<S, Set<String>> aliases) {
        List<String> all = new ArrayList<>();
        all.add(normalise(names.apply(s)));
        aliases.apply(s).forEach(a -> all.add(normalise(a)));
        return all;
    }

    /** @return the primary names found, sorted */
    public Set<String> names() {
        return primaryNames;
    }
}
