package io.tenantstore.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.tenantstore.InvalidInputException;
import io.tenantstore.testkit.TestDatabase.Engine;

class DatabaseUrlsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "POSTGRES | jdbc:postgresql://127.0.0.1:5432/tenantstore_test | jdbc:postgresql://127.0.0.1:5432/fresh",
        "POSTGRES | jdbc:postgresql://h1:5432,h2:5433/d?ssl=true&x=1 | jdbc:postgresql://h1:5432,h2:5433/fresh?ssl=true&x=1",
        "POSTGRES | jdbc:postgresql://h | jdbc:postgresql://h/fresh",
        "POSTGRES | jdbc:postgresql://h/ | jdbc:postgresql://h/fresh",
        "POSTGRES | jdbc:postgresql://h?user=u | jdbc:postgresql://h/fresh?user=u",
        "POSTGRES | jdbc:postgresql://[::1]:5432/d | jdbc:postgresql://[::1]:5432/fresh",
        "POSTGRES | jdbc:postgresql:d?user=u | jdbc:postgresql:fresh?user=u",
        "MYSQL | jdbc:mysql://127.0.0.1:3306/tenantstore_test?sslMode=DISABLED&allowPublicKeyRetrieval=true"
            + " | jdbc:mysql://127.0.0.1:3306/fresh?sslMode=DISABLED&allowPublicKeyRetrieval=true",
        "MYSQL | jdbc:mysql://h:3306 | jdbc:mysql://h:3306/fresh",
        "MYSQL | jdbc:mariadb://h/d | jdbc:mariadb://h/fresh",
        "MONGODB | mongodb://127.0.0.1:27017/tenantstore_test | mongodb://127.0.0.1:27017/fresh",
        "MONGODB | mongodb://u:p%2Fq@a:1,b:2/?replicaSet=rs | mongodb://u:p%2Fq@a:1,b:2/fresh?replicaSet=rs",
        "MONGODB | mongodb://h:27017 | mongodb://h:27017/fresh",
        "MONGODB | mongodb+srv://u:p@cluster.example/admin?retryWrites=true"
            + " | mongodb+srv://u:p@cluster.example/fresh?retryWrites=true",
    })
    void withDatabaseReplacesOnlyTheDatabasePart(Engine engine, String url, String expected) {
        assertThat(DatabaseUrls.withDatabase(engine, url, "fresh")).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "POSTGRES | jdbc:mysql://h/d",
        "MYSQL | jdbc:postgresql://h/d",
        "MYSQL | jdbc:mysql:d",
        "MONGODB | jdbc:postgresql://h/d",
        "MONGODB | mongodb:h",
    })
    void withDatabaseRejectsUrlsOfAnotherForm(Engine engine, String url) {
        assertThatThrownBy(() -> DatabaseUrls.withDatabase(engine, url, "fresh"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(url);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "mongodb://ana:s3cret@h/d | mongodb://ana:***@h/d",
        "jdbc:postgresql://h/d?user=u&password=s3cret&ssl=true | jdbc:postgresql://h/d?user=u&password=***&ssl=true",
        "jdbc:mysql://h/d?PASSWORD=s3cret | jdbc:mysql://h/d?PASSWORD=***",
        "jdbc:mysql://h/d?password1=s3cret&password2=s3cret | jdbc:mysql://h/d?password1=***&password2=***",
        "jdbc:mysql://root:s3cret@h:3306/d | jdbc:mysql://root:***@h:3306/d",
        "jdbc:postgresql://h/d | jdbc:postgresql://h/d",
    })
    void redactMasksEveryPassword(String url, String expected) {
        assertThat(DatabaseUrls.redact(url)).isEqualTo(expected).doesNotContain("s3cret");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NONE", value = {
        "mongodb://ana:s3cret@h/d | ana | s3cret",
        "mongodb://ana%40acme:p%3Aw+d@h/d | ana@acme | p:w+d",
        "mongodb://ana@h/d | ana | NONE",
        "mongodb://h/d?x=a@b | NONE | NONE",
        "mongodb://h | NONE | NONE",
    })
    void mongoCredentialsArePercentDecoded(String uri, String user, String password) {
        assertThat(DatabaseUrls.mongoUsername(uri).orElse(null)).isEqualTo(user);
        assertThat(DatabaseUrls.mongoPassword(uri).orElse(null)).isEqualTo(password);
    }
}
