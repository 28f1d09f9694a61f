package io.tenantstore.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * The blocks of docs/spring-boot.md marked {@code <!-- check: yaml spring-boot -->} and
 * {@code <!-- check: java members spring-boot -->} (store-cli's docs tests check every other block,
 * without Spring on their class path): each YAML key must be a property of the starter's
 * configuration metadata and the whole block must bind to {@link TenantStoreProperties}; each Java
 * block must compile, wrapped in a class with the imports below, against this module's test class path.
 */
class SpringBootDocsTest {
    private static final Path DOC = Path.of("..", "docs", "spring-boot.md");
    private static final Pattern MARKER = Pattern.compile("<!--\\s*check:\\s*(.*?)\\s*-->");
    private static final String IMPORTS = """
            import io.tenantstore.*;
            import io.tenantstore.model.*;
            import org.springframework.web.bind.annotation.*;
            """;

    @TempDir
    Path out;

    @Test
    void theYamlExampleNamesOnlyPropertiesOfTheStarterAndBinds() throws IOException {
        List<String> yamlBlocks = blocks("yaml", "yaml spring-boot");
        assertThat(yamlBlocks).isNotEmpty();
        Set<String> known = metadataProperties();
        assertThat(known).contains("tenantstore.fs-root", "tenantstore.web.resolver");
        for (String yaml : yamlBlocks) {
            Map<String, Object> flat = new LinkedHashMap<>();
            flatten("", new Load(LoadSettings.builder().build()).loadFromString(yaml), flat);
            assertThat(new TreeSet<>(flat.keySet())).as("keys of the example that the starter does not have")
                    .allSatisfy(k -> assertThat(known).contains(k));
            TenantStoreProperties bound = new Binder(new MapConfigurationPropertySource(flat))
                    .bind("tenantstore", TenantStoreProperties.class).get();
            assertThat(bound.getFsRoot()).isNotNull();
        }
    }

    @Test
    void aKeyTheStarterDoesNotHaveIsCaught() throws IOException {
        Map<String, Object> flat = new LinkedHashMap<>();
        flatten("", new Load(LoadSettings.builder().build()).loadFromString("tenantstore: { fs-rot: data }"), flat);
        assertThat(metadataProperties()).doesNotContainAnyElementsOf(flat.keySet());
    }

    @Test
    void theJavaExamplesCompile() throws IOException {
        List<String> javaBlocks = blocks("java", "java members spring-boot");
        assertThat(javaBlocks).isNotEmpty();
        List<JavaFileObject> units = new ArrayList<>();
        for (int i = 0; i < javaBlocks.size(); i++) {
            String name = "SpringDocBlock" + i;
            String text = IMPORTS + "class " + name + " {\n" + javaBlocks.get(i) + "}\n";
            units.add(new SimpleJavaFileObject(URI.create("string:///" + name + ".java"), JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return text;
                }
            });
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        boolean ok = javac.getTask(null, null, diagnostics, List.of("-classpath", classPath, "-d", out.toString(),
                "-proc:none", "-Xlint:none"), null, units).call();
        List<String> errors = diagnostics.getDiagnostics().stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                .map(d -> d.getSource().getName() + ":" + d.getLineNumber() + ": " + d.getMessage(Locale.ROOT)).toList();
        assertThat(errors).isEmpty();
        assertThat(ok).isTrue();
    }

    /** @return the bodies of the {@code language} blocks of the page marked with {@code marker} */
    private static List<String> blocks(String language, String marker) throws IOException {
        List<String> lines = Files.readAllLines(DOC);
        List<String> found = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            Matcher m = MARKER.matcher(lines.get(i - 1));
            if (lines.get(i).strip().equals("```" + language) && m.matches() && m.group(1).equals(marker)) {
                StringBuilder body = new StringBuilder();
                for (int j = i + 1; j < lines.size() && !lines.get(j).strip().startsWith("```"); j++) {
                    body.append(lines.get(j)).append('\n');
                }
                found.add(body.toString());
            }
        }
        return found;
    }

    /** @return every {@code tenantstore.*} property name of the configuration metadata on the class path */
    private static Set<String> metadataProperties() throws IOException {
        Set<String> names = new TreeSet<>();
        Pattern name = Pattern.compile("\"name\"\\s*:\\s*\"(tenantstore\\.[^\"]+)\"");
        Enumeration<URL> files = SpringBootDocsTest.class.getClassLoader()
                .getResources("META-INF/spring-configuration-metadata.json");
        while (files.hasMoreElements()) {
            try (InputStream in = files.nextElement().openStream()) {
                Matcher m = name.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
        }
        return names;
    }

    private static void flatten(String prefix, Object value, Map<String, Object> into) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> flatten(prefix.isEmpty() ? String.valueOf(k) : prefix + "." + k, v, into));
        } else if (value instanceof List<?> list) {
            into.put(prefix, String.join(",", list.stream().map(String::valueOf).toList()));
        } else {
            into.put(prefix, String.valueOf(value));
        }
    }
}
