package io.tenantstore.examples.bom;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * This project imports only tenantstore-bom and depends on one adapter. What it resolves must be
 * exactly what the TenantStore build is tested with: every third-party artifact on its runtime
 * class path is managed by the BOM, at the version the build's parent pom manages; and the BOM and
 * the parent manage the same third-party versions.
 */
class BomConsumerTest {
    private static final Path ROOT = Path.of("..", "..");
    private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");
    private static final Pattern LISTED = Pattern.compile("^\\s+([^:\\s]+):([^:\\s]+):[^:\\s]+:([^:\\s]+)(?:\\s.*)?$");

    @Test
    void theBomManagesTheSameThirdPartyVersionsAsTheBuild() throws Exception {
        Map<String, String> build = thirdParty(managed(ROOT.resolve("pom.xml")));
        Map<String, String> bom = thirdParty(managed(ROOT.resolve("store-bom/pom.xml")));
        assertThat(build).as("the build's parent pom manages third-party versions").hasSizeGreaterThan(20);
        assertThat(bom).isEqualTo(build);
    }

    @Test
    void everyArtifactResolvedHereIsAtTheVersionTheBuildTestsWith() throws Exception {
        Map<String, String> build = managed(ROOT.resolve("pom.xml"));
        List<String> resolved = Files.readAllLines(Path.of("target", "runtime-dependencies.txt"));
        List<String> problems = mismatches(resolved, build, projectVersion());
        assertThat(problems).isEmpty();
        assertThat(resolved).anyMatch(l -> l.contains("org.postgresql:postgresql:jar:"))
                .anyMatch(l -> l.contains("org.flywaydb:flyway-core:jar:"));
    }

    @Test
    void aVersionOtherThanTheBuildsOrAnUnmanagedArtifactIsReported() {
        Map<String, String> build = Map.of("org.postgresql:postgresql", "42.7.14");
        List<String> problems = mismatches(List.of("   org.postgresql:postgresql:jar:42.7.10 -- module x",
                "   com.example:floating:jar:1.0"), build, "0.1.0-SNAPSHOT");
        assertThat(problems).containsExactly(
                "org.postgresql:postgresql resolves to 42.7.10; the build tests with 42.7.14",
                "com.example:floating:1.0 is not managed: its version is whatever the dependency graph gives");
    }

    @Test
    void theTestLibrariesAreTheBuildsToo() throws Exception {
        Map<String, String> build = managed(ROOT.resolve("pom.xml"));
        String assertj = org.assertj.core.api.Assertions.class.getProtectionDomain().getCodeSource().getLocation()
                .getPath();
        assertThat(assertj).contains("/assertj-core/" + build.get("org.assertj:assertj-core") + "/");
        String junit = Test.class.getProtectionDomain().getCodeSource().getLocation().getPath();
        assertThat(junit).contains("/" + build.get("org.junit:junit-bom") + "/");
    }

    /** @return one line per artifact of {@code resolved} at another version than the build's, or not managed */
    static List<String> mismatches(List<String> resolved, Map<String, String> build, String projectVersion) {
        List<String> problems = new ArrayList<>();
        for (String line : resolved) {
            Matcher m = LISTED.matcher(line);
            if (!m.matches()) {
                continue; // the header line
            }
            String key = m.group(1) + ":" + m.group(2);
            String version = m.group(3);
            String expected = m.group(1).equals("io.tenantstore") ? projectVersion : build.get(key);
            if (expected == null) {
                problems.add(key + ":" + version + " is not managed: its version is whatever the dependency graph gives");
            } else if (!expected.equals(version)) {
                problems.add(key + " resolves to " + version + "; the build tests with " + expected);
            }
        }
        return problems;
    }

    private static Map<String, String> thirdParty(Map<String, String> managed) {
        Map<String, String> m = new TreeMap<>(managed);
        m.keySet().removeIf(k -> k.startsWith("io.tenantstore:"));
        return m;
    }

    private static String projectVersion() throws Exception {
        return text(root(ROOT.resolve("pom.xml")), "version");
    }

    /** @return groupId:artifactId to version of a pom's dependencyManagement, properties resolved */
    static Map<String, String> managed(Path pom) throws Exception {
        Element project = root(pom);
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("project.version", text(project, "version"));
        Element props = child(project, "properties");
        if (props != null) {
            for (Node n = props.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e) {
                    properties.put(e.getTagName(), e.getTextContent().strip());
                }
            }
        }
        Map<String, String> managed = new TreeMap<>();
        NodeList deps = child(child(project, "dependencyManagement"), "dependencies").getElementsByTagName("dependency");
        for (int i = 0; i < deps.getLength(); i++) {
            Element d = (Element) deps.item(i);
            Matcher m = PROPERTY.matcher(text(d, "version"));
            StringBuilder version = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(version, Matcher.quoteReplacement(properties.getOrDefault(m.group(1), m.group())));
            }
            m.appendTail(version);
            managed.put(text(d, "groupId") + ":" + text(d, "artifactId"), version.toString());
        }
        return managed;
    }

    private static Element root(Path pom) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile()).getDocumentElement();
    }

    private static Element child(Element e, String name) {
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c && c.getTagName().equals(name)) {
                return c;
            }
        }
        return null;
    }

    private static String text(Element e, String name) {
        Element c = child(e, name);
        return c == null ? "" : c.getTextContent().strip();
    }
}
