package io.tenantstore.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.tenantstore.ErrorCode;
import io.tenantstore.InvalidInputException;
import io.tenantstore.StoreException;
import io.tenantstore.testkit.TestDatabase.Engine;
import io.tenantstore.testkit.TestDatabase.Source;

class TestDatabaseTest {

    // nothing listens on port 1: a name that passes validation would fail on the connection instead
    private final TestDatabase postgres =
            new TestDatabase(Engine.POSTGRES, "jdbc:postgresql://127.0.0.1:1/x", "postgres", null, Source.ENV);

    @Test
    void toStringMasksThePasswordFieldAndPasswordsInTheUrl() {
        TestDatabase db = new TestDatabase(Engine.MONGODB, "mongodb://ana:hunter2@h:27017/d?password=hunter2",
                "ana", "hunter2", Source.ENV);

        assertThat(db.toString())
                .doesNotContain("hunter2")
                .contains("password=***")
                .contains("mongodb://ana:***@h:27017/d")
                .contains("engine=MONGODB")
                .contains("source=ENV");
    }

    @Test
    void toStringSaysWhenThereIsNoPassword() {
        assertThat(postgres.toString()).contains("password=none");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1abc", "Abc", "a-b", "a b", "a;drop", "_a",
        "a234567890123456789012345678901234567890123456789012345678901234"})
    void createDatabaseRejectsNamesOutsideThePattern(String name) {
        assertThatThrownBy(() -> postgres.createDatabase(name))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("[a-z][a-z0-9_]{0,62}")
                .hasMessageContaining("'" + name + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "tenantstore_test", "t_1",
        "a23456789012345678901234567890123456789012345678901234567890123"})
    void createDatabaseAcceptsNamesInThePatternAndThenTalksToTheServer(String name) {
        // accepted names reach the server step, which fails here: nothing listens on port 1
        assertThatThrownBy(() -> postgres.createDatabase(name))
                .isInstanceOf(StoreException.class)
                .isNotInstanceOf(InvalidInputException.class);
    }

    @Test
    void createDatabaseWithoutADriverForTheUrlSaysSo() {
        // no MariaDB driver on this class path (Connector/J only takes jdbc:mysql:)
        TestDatabase noDriver = new TestDatabase(Engine.MYSQL, "jdbc:mariadb://127.0.0.1:1/x?password=hunter2",
                "root", "hunter2", Source.ENV);

        assertThatThrownBy(() -> noDriver.createDatabase("abc"))
                .isInstanceOfSatisfying(StoreException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION))
                .hasMessageContaining("jdbc:mariadb://127.0.0.1:1/x?password=***")
                .hasMessageNotContaining("hunter2")
                .hasNoCause();
    }

    @Test
    void aBlankUrlIsRejected() {
        assertThatThrownBy(() -> new TestDatabase(Engine.POSTGRES, " ", "postgres", null, Source.ENV))
                .isInstanceOf(InvalidInputException.class);
    }
}
