package io.tenantstore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** README and docs/ name only commands and options that exist, and cite no document outside the repository. */
class DocsTest {
    private static final Pattern SHELL_BLOCK = Pattern.compile("```(?:bash|sh|shell)\\n(.*?)```", Pattern.DOTALL);

    private static List<Path> documents() throws IOException {
        List<Path> docs = new ArrayList<>();
        docs.add(Path.of("..", "README.md"));
        try (Stream<Path> s = Files.list(Path.of("..", "docs"))) {
            s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        return docs;
    }

    @Test
    void shellBlocksNameOnlyExistingCommandsAndOptions() throws IOException {
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Path doc : documents()) {
            Matcher m = SHELL_BLOCK.matcher(Files.readString(doc));
            while (m.find()) {
                for (String line : m.group(1).split("\n")) {
                    String cmd = line.replaceAll("\\s#.*$", "").strip();
                    if (cmd.startsWith("tenantstore ") || cmd.startsWith("./tenantstore ")) {
                        checked++;
                        check(doc + ": " + cmd, cmd.substring(cmd.indexOf("tenantstore ") + 12).split("\\s+"),
                                problems);
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(10);
        assertThat(problems).isEmpty();
    }

    @Test
    void theCheckCatchesAnUnknownOption() {
        List<String> problems = new ArrayList<>();
        check("x", new String[] {"tenants", "create", "acme", "--isolatoin", "schema"}, problems);
        check("y", new String[] {"tenants", "purge"}, problems);
        assertThat(problems).hasSize(2);
    }

    private static void check(String where, String[] tokens, List<String> problems) {
        CommandLine cli = Main.commandLine();
        boolean positional = false;
        boolean optionValue = false;
        for (String token : tokens) {
            if (token.startsWith("|") || token.startsWith(">") || token.startsWith("&&") || token.startsWith("<")) {
                return;
            }
            if (optionValue && !token.startsWith("-")) {
                optionValue = false; // the value of the option before, e.g. the 8 of --parallel 8
                continue;
            }
            optionValue = false;
            if (token.startsWith("-")) {
                String name = token.contains("=") ? token.substring(0, token.indexOf('=')) : token;
                CommandLine.Model.OptionSpec option = cli.getCommandSpec().findOption(name);
                if (option == null) {
                    problems.add(where + ": no option " + name + " on " + cli.getCommandSpec().qualifiedName());
                } else {
                    optionValue = !token.contains("=") && option.arity().max() > 0;
                }
            } else if (!positional && !cli.getSubcommands().isEmpty()) {
                CommandLine sub = cli.getSubcommands().get(token);
                if (sub == null) {
                    problems.add(where + ": no command " + token + " under " + cli.getCommandSpec().qualifiedName());
                    return;
                }
                cli = sub;
            } else {
                positional = true;
            }
        }
    }

    @Test
    void nothingInTheProductCitesTheInternalDesignDocument() throws IOException {
        List<String> offenders = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of(".."))) {
            files.filter(Files::isRegularFile)
                    .filter(p -> !p.toString().contains("/target/") && !p.toString().contains("/.git/"))
                    .filter(p -> p.toString().matches(".*\\.(java|md|yaml|yml|xml|sql)$"))
                    .forEach(p -> {
                        try {
                            String text = Files.readString(p);
                            if (text.contains("DESIGN \u00a7") || text.contains(".." + "/shared")) {
                                offenders.add(p.toString());
                            }
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    });
        }
        assertThat(offenders).isEmpty();
    }
}
