package io.tenantstore.jdbc.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a migration script into statements at the semicolons that end them: those outside
 * quotes ({@code '...'}, {@code "..."}, {@code `...`}, PostgreSQL {@code $tag$...$tag$}) and
 * comments ({@code -- ...}, {@code # ...} on MySQL, {@code /* ... *}{@code /}). Comments are kept
 * inside the statement text; blank statements are dropped. Stateless.
 */
final class SqlScripts {
    private SqlScripts() {
    }

    /** @param script the script @return its statements, without the terminating semicolons */
    static List<String> split(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int n = script.length();
        int i = 0;
        while (i < n) {
            char ch = script.charAt(i);
            int end;
            if (ch == '\'' || ch == '"' || ch == '`') {
                end = closing(script, i + 1, ch);
            } else if (ch == '-' && i + 1 < n && script.charAt(i + 1) == '-' || ch == '#') {
                int nl = script.indexOf('\n', i);
                end = nl < 0 ? n : nl;
            } else if (ch == '/' && i + 1 < n && script.charAt(i + 1) == '*') {
                int close = script.indexOf("*/", i + 2);
                end = close < 0 ? n : close + 2;
            } else if (ch == '$' && dollarTag(script, i) != null) {
                String tag = dollarTag(script, i);
                int close = script.indexOf(tag, i + tag.length());
                end = close < 0 ? n : close + tag.length();
            } else if (ch == ';') {
                add(out, current);
                current.setLength(0);
                i++;
                continue;
            } else {
                end = i + 1;
            }
            current.append(script, i, end);
            i = end;
        }
        add(out, current);
        return out;
    }

    private static void add(List<String> out, StringBuilder statement) {
        String s = statement.toString().strip();
        if (!s.isEmpty() && !onlyComments(s)) {
            out.add(s);
        }
    }

    private static boolean onlyComments(String statement) {
        String s = statement.replaceAll("(?s)/\\*.*?\\*/", "");
        for (String line : s.split("\n")) {
            String t = line.strip();
            if (!t.isEmpty() && !t.startsWith("--") && !t.startsWith("#")) {
                return false;
            }
        }
        return true;
    }

    /** @return the index after the closing quote; a doubled quote or a backslash escape stays inside */
    private static int closing(String s, int from, char quote) {
        int i = from;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\\' && quote != '`') {
                i += 2;
            } else if (c == quote) {
                if (i + 1 < s.length() && s.charAt(i + 1) == quote) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return s.length();
    }

    /** @return the dollar-quote tag starting at {@code i} ({@code $$} or {@code $name$}), or null */
    private static String dollarTag(String s, int i) {
        int j = i + 1;
        while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) {
            j++;
        }
        if (j < s.length() && s.charAt(j) == '$' && (j == i + 1 || !Character.isDigit(s.charAt(i + 1)))) {
            return s.substring(i, j + 1);
        }
        return null;
    }
}
