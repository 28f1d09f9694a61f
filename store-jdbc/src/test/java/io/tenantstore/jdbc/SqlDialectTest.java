package io.tenantstore.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import io.tenantstore.InvalidInputException;
import org.junit.jupiter.api.Test;

class SqlDialectTest {
    private final SqlDialect dialect = new StubDialect(true, false);

    @Test
    void validIdentifiersAreQuotedAsTheyAre() {
        assertThat(dialect.quoteIdentifier("t_acme")).isEqualTo("\"t_acme\"");
        assertThat(dialect.quoteIdentifier("_x9")).isEqualTo("\"_x9\"");
        assertThat(dialect.quoteIdentifier("a".repeat(63))).isEqualTo("\"" + "a".repeat(63) + "\"");
    }

    @Test
    void anythingElseIsInvalidInputQuotingTheValue() {
        for (String bad : List.of("x\"; drop", "Acme", "9lives", "a-b", "a b", "", "a".repeat(64), "t_acme;",
                "é")) {
            assertThatThrownBy(() -> dialect.quoteIdentifier(bad)).as(bad)
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("'" + bad + "'");
        }
        assertThatThrownBy(() -> dialect.validateIdentifier(null)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void migrationsLiveInAFolderNamedAfterTheEngine() {
        assertThat(dialect.migrationLocation()).isEqualTo("classpath:db/tenantstore/stub");
    }

    @Test
    void rowSecurityAndDriverPropertiesDefaultToNone() {
        assertThat(dialect.defaultDriverProperties()).isEmpty();
        assertThat(new StubDialect(true, false).rowSecurity()).isEmpty();
    }
}
