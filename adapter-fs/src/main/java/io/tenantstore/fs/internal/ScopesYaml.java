package io.tenantstore.fs.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tenantstore.InvalidInputException;
import io.tenantstore.core.yaml.YamlMap;
import io.tenantstore.core.yaml.YamlWriter;
import io.tenantstore.model.Scope;

/**
 * Maps scopes.yaml (docs/configuration.md) to and from {@link Scope}s. Stateless and thread-safe.
 */
final class ScopesYaml {
    static final String FILE = "scopes.yaml";

    /** The scopes a new tenant starts with; all system scopes. */
    static final List<Scope> SYSTEM = List.of(
            new Scope("email", "Your email address", true),
            new Scope("offline_access", "Stay signed in", true),
            new Scope("openid", "Sign in", true),
            new Scope("profile", "Your basic profile", true));

    private ScopesYaml() {
    }

    /**
     * @param root the root mapping of scopes.yaml
     * @return the scopes, in file order
     * @throws InvalidInputException naming file, line and key for any problem
     */
    static List<Scope> read(YamlMap root) {
        List<Scope> out = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (YamlMap m : root.mapList("scopes")) {
            String name = m.buildAt("name", () -> InputRules.scopeName(m.requireString("name")));
            Integer first = seen.putIfAbsent(name, m.line());
            if (first != null) {
                throw m.error("duplicate scope '" + name + "' (first at line " + first + ")");
            }
            String description = m.buildAt("description",
                    () -> InputRules.description(m.string("description").orElse("")));
            boolean system = m.bool("system").orElse(false);
            m.rejectUnknownKeys();
            out.add(new Scope(name, description, system));
        }
        root.rejectUnknownKeys();
        return List.copyOf(out);
    }

    /**
     * @param scopes the scopes
     * @return the file's text, scopes ordered by name
     */
    static String write(List<Scope> scopes) {
        List<Map<String, Object>> items = new ArrayList<>();
        scopes.stream().sorted(Comparator.comparing(Scope::name)).forEach(s -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", s.name());
            m.put("description", s.description());
            if (s.system()) {
                m.put("system", true);
            }
            items.add(m);
        });
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("scopes", items);
        return YamlWriter.write(doc);
    }
}
