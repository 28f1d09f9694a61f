package io.tenantstore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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

/**
 * Every {@code java} block of README.md and docs/ compiles against this module's test class path
 * (the store, every adapter, Jdbi, JUnit). A block that is a whole source file compiles as it is;
 * any other needs a marker on the line before it saying how to wrap it (docs/writing-docs.md):
 * {@code <!-- check: java statements (Type name, ...) [returning Type] -->} puts it in a static
 * method with those parameters, {@code <!-- check: java members -->} in a class body, both with
 * {@link #IMPORTS}. A block marked {@code spring-boot} is compiled by the Spring Boot starter's
 * own docs test, where Spring is on the class path.
 */
class DocsJavaTest {
    /** The imports a wrapped block gets. */
    static final String IMPORTS = """
            import java.nio.file.*;
            import java.time.*;
            import java.util.*;
            import io.tenantstore.*;
            import io.tenantstore.model.*;
            import io.tenantstore.core.TenantStore;
            import io.tenantstore.sqlite.SqliteAdapter;
            import org.jdbi.v3.core.Jdbi;
            import org.junit.jupiter.api.io.TempDir;
            """;
    private static final Pattern STATEMENTS = Pattern.compile("java statements \\(([^)]*)\\)(?: returning (\\S+))?");
    private static final Pattern TYPE = Pattern.compile("(?m)^(?:public\\s+)?(?:final\\s+|abstract\\s+)*"
            + "(?:class|record|interface|enum)\\s+(\\w+)");

    @TempDir
    Path out;

    @Test
    void everyJavaBlockCompiles() throws IOException {
        List<DocBlocks> blocks = DocBlocks.of("java");
        List<String> problems = new ArrayList<>();
        List<Source> sources = new ArrayList<>();
        int elsewhere = 0;
        for (int i = 0; i < blocks.size(); i++) {
            DocBlocks b = blocks.get(i);
            if (b.marker().startsWith("java ") && b.marker().contains("spring-boot")) {
                elsewhere++;
                continue;
            }
            Source s = source(b, "DocBlock" + i);
            if (s == null) {
                problems.add(b.where() + ": neither a whole source file nor marked: put <!-- check: java statements"
                        + " (Type name, ...) [returning Type] --> or <!-- check: java members --> before it");
            } else {
                sources.add(s);
            }
        }
        assertThat(sources).hasSizeGreaterThanOrEqualTo(4);
        assertThat(elsewhere).as("blocks compiled by the starter's docs test").isLessThanOrEqualTo(2);
        problems.addAll(compile(sources));
        assertThat(problems).isEmpty();
    }

    @Test
    void aBlockThatDoesNotCompileOrIsNotMarkedIsReported() {
        DocBlocks wrong = DocBlocks.in(Path.of("x.md"), List.of("<!-- check: java statements (TenantDataAccess acme) -->",
                "```java", "acme.users().creat(null);", "```"), "java").get(0);
        assertThat(compile(List.of(source(wrong, "Wrong")))).singleElement().asString()
                .startsWith("x.md:3: ").contains("creat");
        DocBlocks unmarked = DocBlocks.in(Path.of("x.md"), List.of("```java", "store.close();", "```"), "java").get(0);
        assertThat(source(unmarked, "Unmarked")).isNull();
    }

    /** A block as a compilation unit. */
    record Source(DocBlocks block, String className, String text, int firstLine) {
    }

    /** @return the block as a source file, or null when it is neither whole nor marked */
    static Source source(DocBlocks b, String name) {
        Matcher st = STATEMENTS.matcher(b.marker());
        if (st.matches()) {
            String returning = st.group(2) == null ? "void" : st.group(2);
            String head = IMPORTS + "class " + name + " {\n    static " + returning + " snippet(" + st.group(1)
                    + ") throws Exception {\n";
            return new Source(b, name, head + b.body() + "    }\n}\n", lines(head));
        }
        if (b.marker().equals("java members")) {
            String head = IMPORTS + "class " + name + " {\n";
            return new Source(b, name, head + b.body() + "}\n", lines(head));
        }
        String code = b.body().strip();
        if (code.startsWith("package ") || code.startsWith("import ") || TYPE.matcher(code).lookingAt()) {
            Matcher t = TYPE.matcher(code);
            return new Source(b, t.find() ? t.group(1) : name, b.body(), 0);
        }
        return null;
    }

    private static int lines(String text) {
        return (int) text.chars().filter(c -> c == '\n').count();
    }

    /** @return one message per compiler error, naming the document line */
    private List<String> compile(List<Source> sources) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        List<JavaFileObject> units = new ArrayList<>();
        for (Source s : sources) {
            units.add(new SimpleJavaFileObject(URI.create("string:///" + s.className() + ".java"),
                    JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return s.text();
                }
            });
        }
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        boolean ok = javac.getTask(null, null, diagnostics, List.of("-classpath", classPath, "-d", out.toString(),
                "-proc:none", "-Xlint:none"), null, units).call();
        List<String> problems = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() != Diagnostic.Kind.ERROR) {
                continue;
            }
            Source s = sources.stream().filter(x -> d.getSource() != null
                    && d.getSource().toUri().getPath().endsWith("/" + x.className() + ".java")).findFirst().orElse(null);
            String where = s == null ? "?" : s.block().file().getFileName() + ":"
                    + (s.block().line() + d.getLineNumber() - s.firstLine());
            problems.add(where + ": " + d.getMessage(Locale.ROOT));
        }
        if (!ok && problems.isEmpty()) {
            problems.add("the compiler failed without an error message");
        }
        return problems;
    }
}
