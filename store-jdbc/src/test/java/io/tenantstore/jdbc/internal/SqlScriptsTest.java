package io.tenantstore.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SqlScriptsTest {
    @Test
    void splitsAtSemicolonsOutsideQuotesCommentsAndDollarQuotes() {
        String script = "-- a comment; not a statement\n"
                + "CREATE TABLE t (x VARCHAR(10) DEFAULT 'a;b', `we;ird` INT);\n"
                + "/* block; comment */ INSERT INTO t VALUES ('it''s; fine', 1);\n"
                + "CREATE FUNCTION f() RETURNS int AS $fn$ BEGIN RETURN 1; END $fn$ LANGUAGE plpgsql;\n"
                + "-- trailing comment only\n";
        assertThat(SqlScripts.split(script)).containsExactly(
                "-- a comment; not a statement\nCREATE TABLE t (x VARCHAR(10) DEFAULT 'a;b', `we;ird` INT)",
                "/* block; comment */ INSERT INTO t VALUES ('it''s; fine', 1)",
                "CREATE FUNCTION f() RETURNS int AS $fn$ BEGIN RETURN 1; END $fn$ LANGUAGE plpgsql");
    }

    @Test
    void aScriptOfCommentsHasNoStatement() {
        assertThat(SqlScripts.split("-- nothing\n/* at all; */\n# mysql comment\n")).isEmpty();
    }
}
