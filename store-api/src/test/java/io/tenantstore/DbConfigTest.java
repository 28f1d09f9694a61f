package io.tenantstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DbConfigTest {
    @Test
    void toStringNeverShowsThePassword() {
        DbConfig c = DbConfig.builder("postgres", "jdbc:postgresql://db/app").username("app")
                .password(Secret.of("hunter2-very-secret")).build();
        assertThat(c.toString()).doesNotContain("hunter2").contains("password=****").contains("username=app");
        assertThat(c.password()).map(Secret::toString).contains("Secret[****]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc:postgresql://db/app?user=a&password=hunter2",
        "jdbc:mysql://db/app;password=hunter2", "mongodb://app:hunter2@db/app",
        "jdbc:postgresql://db/app?sslmode=verify-full&sslpassword=hunter2",
        "jdbc:mysql://db/app?trustCertificateKeyStorePassword=hunter2",
        "mongodb://db/app?tls=true&tlsCertificateKeyFilePassword=hunter2",
        "jdbc:sqlserver://db;databaseName=app;clientSecret=hunter2",
        // percent-encoded names, which drivers decode (MySQL Connector/J reads pass%77ord as password)
        "jdbc:mysql://db:3306/x?pass%77ord=hunter2", "jdbc:mysql://db/x?%70assword=hunter2",
        "jdbc:mysql://db/x?pass%2577ord=hunter2", "mongodb://app%3Ahunter2@db/app",
        "jdbc:mysql://db/x?user=a%26password=hunter2"})
    void urlsCarryingAPasswordAreRejectedWithoutQuotingIt(String url) {
        assertThatThrownBy(() -> DbConfig.of("postgres", url))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("must not contain a password")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void ordinaryUrlParametersAreAccepted() {
        assertThat(DbConfig.of("postgres", "jdbc:postgresql://db/app?sslmode=require&user=app").url())
                .contains("sslmode=require");
        assertThat(DbConfig.of("mysql", "jdbc:mysql://db/app?sslMode=DISABLED&allowPublicKeyRetrieval=true").url())
                .contains("allowPublicKeyRetrieval");
        // escapes that decode to nothing of a password, and a lone %, are fine
        assertThat(DbConfig.of("sqlite", "jdbc:sqlite:/srv/my%20data/app.db").url()).contains("%20");
        assertThat(DbConfig.of("postgres", "jdbc:postgresql://db/app?options=-c%20statement_timeout%3D5s").url())
                .contains("statement_timeout");
        assertThat(DbConfig.of("sqlite", "jdbc:sqlite:/srv/100%/app.db").url()).endsWith("100%/app.db");
    }

    @Test
    void builderValidatesEachValue() {
        assertThatThrownBy(() -> DbConfig.of("Postgres!", "x")).hasMessageContaining("'Postgres!'");
        assertThatThrownBy(() -> DbConfig.of("postgres", " ")).hasMessageContaining("blank");
        assertThatThrownBy(() -> new PoolSettings(0, 0, Duration.ofSeconds(1))).hasMessageContaining(": 0");
        assertThatThrownBy(() -> new PoolSettings(5, 6, Duration.ofSeconds(1))).hasMessageContaining(": 6");
        assertThatThrownBy(() -> DbConfig.builder("postgres", "jdbc:x").property("sslpassword", "x"))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void defaultsAndEquality() {
        DbConfig c = DbConfig.of("postgres", "jdbc:postgresql://db/app");
        assertThat(c.isolation()).isEqualTo(Isolation.SHARED);
        assertThat(c.pool()).isEqualTo(PoolSettings.DEFAULTS);
        assertThat(c.toBuilder().build()).isEqualTo(c);
        assertThat(Isolation.parse("Schema")).isEqualTo(Isolation.SCHEMA);
        assertThatThrownBy(() -> Isolation.parse("tables")).hasMessageContaining("'tables'");
    }

    @Test
    void spareSchemasAreOffByDefaultBoundedAndTheirPrefixIsNoTenantSchema() {
        DbConfig off = DbConfig.of("postgres", "jdbc:postgresql://db/app");
        assertThat(off.spareSchemas()).isZero();
        DbConfig on = off.toBuilder().spareSchemas(4).build();
        assertThat(on.spareSchemas()).isEqualTo(4);
        assertThat(on).isNotEqualTo(off);
        assertThat(on.toBuilder().build()).isEqualTo(on);
        assertThat(on.toString()).contains("spareSchemas=4");
        assertThat(off.toString()).doesNotContain("spareSchemas");
        assertThatThrownBy(() -> off.toBuilder().spareSchemas(-1)).isInstanceOf(InvalidInputException.class)
                .hasMessage("spareSchemas must be between 0 and 32: -1");
        assertThatThrownBy(() -> off.toBuilder().spareSchemas(33)).hasMessageContaining(": 33");
        assertThatThrownBy(() -> off.toBuilder().schema("ts_spare_4_x")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("reserved for spare schemas");
        assertThat(off.toBuilder().schema("ts_sparrow").build().schema()).contains("ts_sparrow");
    }

    @Test
    void secretKeepsItsReferenceAndComparesByValue() {
        Secret s = Secret.referenced("v", "${X}");
        assertThat(s.reference()).contains("${X}");
        assertThat(s).isEqualTo(Secret.of("v"));
        assertThat(s.matches("v")).isTrue();
        assertThat(s.matches("w")).isFalse();
        assertThatThrownBy(() -> Secret.of("")).isInstanceOf(InvalidInputException.class);
    }
}
