package io.tenantstore.core.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.tenantstore.DbConfig;
import io.tenantstore.InvalidInputException;
import io.tenantstore.Isolation;
import io.tenantstore.MigrationMode;
import io.tenantstore.RowSecurityMode;
import io.tenantstore.PoolSettings;
import io.tenantstore.Secret;
import io.tenantstore.SecretException;
import org.junit.jupiter.api.Test;

class DbConfigYamlTest {
    private static final String SOURCE = "store.yaml";
    private static final SecretSite SITE = new SecretSite("store", "defaultTenantDb.password", SOURCE);
    private final SecretResolver secrets = new EnvSecretResolver(Map.of("APP_DB_PASSWORD", "pw-123")::get);

    private DbConfig read(String block) {
        YamlMap root = YamlLoader.DEFAULT.parseMapping(block, SOURCE);
        DbConfig config = DbConfigYaml.read(root.map("db").orElseThrow(), secrets, "store");
        root.rejectUnknownKeys();
        return config;
    }

    @Test
    void readsEveryKey() {
        DbConfig c = read("""
                db:
                  driver: postgres
                  url: jdbc:postgresql://127.0.0.1:5432/app
                  isolation: schema
                  schema: acme
                  username: app
                  password: ${APP_DB_PASSWORD}
                  pool: { maxSize: 20, minIdle: 2, connectionTimeout: 3s }
                  properties: { sslmode: require, connectTimeout: 10 }
                """);
        assertThat(c.driver()).isEqualTo("postgres");
        assertThat(c.url()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/app");
        assertThat(c.isolation()).isEqualTo(Isolation.SCHEMA);
        assertThat(c.schema()).contains("acme");
        assertThat(c.username()).contains("app");
        assertThat(c.password().orElseThrow().reveal()).isEqualTo("pw-123");
        assertThat(c.password().orElseThrow().reference()).contains("${APP_DB_PASSWORD}");
        assertThat(c.pool()).isEqualTo(new PoolSettings(20, 2, Duration.ofSeconds(3)));
        assertThat(c.properties()).isEqualTo(Map.of("sslmode", "require", "connectTimeout", "10"));
    }

    @Test
    void minimalBlockGetsDefaults() {
        DbConfig c = read("db: { driver: postgres, url: 'jdbc:postgresql://h/db' }\n");
        assertThat(c).isEqualTo(DbConfig.of("postgres", "jdbc:postgresql://h/db"));
    }

    @Test
    void roundTripsThroughYaml() {
        DbConfig original = read("""
                db:
                  driver: mysql
                  url: jdbc:mysql://db:3306/app
                  isolation: database
                  username: root
                  password: ${APP_DB_PASSWORD}
                  pool: { maxSize: 5, connectionTimeout: 1500ms }
                  properties: { useSSL: 'false' }
                """);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("db", DbConfigYaml.write(original, secrets, SITE));
        String text = YamlWriter.write(doc);
        assertThat(text).contains("password: '${APP_DB_PASSWORD}'").doesNotContain("pw-123");
        assertThat(read(text)).isEqualTo(original);
    }

    @Test
    void credentialsBlocksOfEveryProviderRoundTrip() {
        for (String block : new String[] {
            "{ provider: command, command: [/usr/local/bin/db-token, acme], timeout: 5s, floor: 45s }",
            "{ provider: file, path: /run/secrets/db, recheckInterval: 30s }",
            "{ provider: env, passwordVariable: DB_PASS, usernameVariable: DB_USER, refreshAt: '0.7' }",
            "{ provider: static, password: '${APP_DB_PASSWORD}' }"}) {
            DbConfig original = read("db: { driver: postgres, url: 'jdbc:postgresql://h/db', username: app,"
                    + " credentials: " + block + " }\n");
            assertThat(original.credentials()).as(block).isPresent();
            assertThat(original.toString()).doesNotContain("pw-123");
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("db", DbConfigYaml.write(original, secrets, SITE));
            String text = YamlWriter.write(doc);
            assertThat(text).doesNotContain("pw-123");
            assertThat(read(text)).as(text).isEqualTo(original);
        }
        DbConfig cmd = read("db: { driver: postgres, url: 'jdbc:postgresql://h/db', credentials: { provider: command,"
                + " command: [a, b], timeout: 5s, floor: 45s } }\n");
        assertThat(cmd.credentials().orElseThrow().source()).isEqualTo(
                new io.tenantstore.CredentialSpec.Command(java.util.List.of("a", "b"), Duration.ofSeconds(5)));
        assertThat(cmd.credentials().orElseThrow().refresh().floor()).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void badCredentialsBlocksAreLocated() {
        assertThatThrownBy(() -> read("db:\n  driver: postgres\n  url: x\n  credentials: { provider: vault }\n"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("store.yaml:4")
                .hasMessageContaining("'vault'");
        assertThatThrownBy(() -> read("db:\n  driver: postgres\n  url: x\n  credentials: { provider: file,"
                + " path: /x, refreshAt: lots }\n")).hasMessageContaining("'lots'");
        assertThatThrownBy(() -> read("db:\n  driver: postgres\n  url: x\n  password: ${APP_DB_PASSWORD}\n"
                + "  credentials: { provider: env, passwordVariable: P }\n"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("not both");
        assertThatThrownBy(() -> read("db:\n  driver: postgres\n  url: x\n  credentials: { provider: env,"
                + " passwordVariable: P, colour: red }\n")).hasMessageContaining("colour");
    }

    @Test
    void defaultPoolAndNoPropertiesAreNotWritten() {
        Map<String, Object> out = DbConfigYaml.write(DbConfig.of("postgres", "jdbc:postgresql://h/db"), secrets, SITE);
        assertThat(out).containsOnlyKeys("driver", "url", "isolation");
    }

    @Test
    void passwordWithoutReferenceIsNotWritten() {
        DbConfig c = DbConfig.builder("postgres", "jdbc:postgresql://h/db").password(Secret.of("clear")).build();
        assertThatThrownBy(() -> DbConfigYaml.write(c, secrets, SITE))
                .isInstanceOf(SecretException.class)
                .hasMessageContaining("defaultTenantDb.password can only be written as a ${ENV_VAR} reference")
                .hasMessageNotContaining("clear\"");
    }

    @Test
    void clearPasswordIsRefusedNamingFileAndLine() {
        assertThatThrownBy(() -> read("db:\n  driver: postgres\n  url: jdbc:postgresql://h/db\n  password: hunter2\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("store.yaml:4: db.password must not be stored in clear; use ${ENV_VAR} (or an enc: value with a keyring)");
    }

    @Test
    void unknownKeyIsRejected() {
        assertThatThrownBy(() -> read("db:\n  driver: postgres\n  url: jdbc:postgresql://h/db\n  isolaton: schema\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("store.yaml:4: unknown key 'db.isolaton'; expected one of: driver, url, isolation");
    }

    @Test
    void unknownPoolKeyIsRejected() {
        assertThatThrownBy(() -> read("db:\n  driver: postgres\n  url: u\n  pool:\n    max: 3\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("store.yaml:5: unknown key 'db.pool.max'");
    }

    @Test
    void badValuesAreLocated() {
        assertThatThrownBy(() -> read("db:\n  driver: postgres\n  url: u\n  isolation: tenant\n"))
                .hasMessage("store.yaml:4: db.isolation: unknown isolation 'tenant'; expected one of: database, schema, shared");
        assertThatThrownBy(() -> read("db:\n  driver: Postgres\n  url: u\n"))
                .hasMessageStartingWith("store.yaml:3: db.url: driver must be an adapter name");
        assertThatThrownBy(() -> read("db:\n  driver: postgres\n  url: 'jdbc:postgresql://h/db?password=x'\n"))
                .hasMessageStartingWith("store.yaml:3: db.url:").hasMessageNotContaining("password=x");
        assertThatThrownBy(() -> read("db:\n  driver: postgres\n  url: u\n  pool: { maxSize: 0 }\n"))
                .hasMessage("store.yaml:4: db.pool: pool maxSize must be between 1 and 1000: 0");
        assertThatThrownBy(() -> read("db:\n  driver: postgres\n  url: u\n  properties: { password: x }\n"))
                .hasMessageStartingWith("store.yaml:4: db.properties: driver property 'password' looks like a password");
        assertThatThrownBy(() -> read("db:\n  url: u\n"))
                .hasMessage("store.yaml:2: missing required key 'db.driver'");
    }

    @Test
    void ownerLoginMigrateRowSecurityAndSpareSchemasRoundTrip() {
        DbConfig original = read("""
                db:
                  driver: postgres
                  url: jdbc:postgresql://db:5432/app
                  username: app
                  owner: { username: app_owner, password: '${APP_DB_PASSWORD}' }
                  migrate: validate
                  rowSecurity: advisory
                  spareSchemas: 3
                """);
        assertThat(original.owner().orElseThrow().username()).isEqualTo("app_owner");
        assertThat(original.owner().orElseThrow().password().reveal()).isEqualTo("pw-123");
        assertThat(original.migrate()).isEqualTo(MigrationMode.VALIDATE);
        assertThat(original.rowSecurity()).isEqualTo(RowSecurityMode.ADVISORY);
        assertThat(original.spareSchemas()).isEqualTo(3);
        assertThat(original.toString()).contains("owner=app_owner").doesNotContain("pw-123");
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("db", DbConfigYaml.write(original, secrets, SITE));
        String text = YamlWriter.write(doc);
        assertThat(text).contains("migrate: validate").contains("rowSecurity: advisory").contains("spareSchemas: 3")
                .doesNotContain("pw-123");
        assertThat(read(text)).isEqualTo(original);
        assertThat(DbConfigYaml.write(DbConfig.of("postgres", "u"), secrets, SITE))
                .doesNotContainKeys("owner", "migrate", "rowSecurity", "spareSchemas");
    }

    @Test
    void badMigrateRowSecuritySpareSchemasAndOwnerValuesAreLocated() {
        assertThatThrownBy(() -> read("db:\n  driver: postgres\n  url: u\n  migrate: always\n"))
                .hasMessage("store.yaml:4: db.migrate: unknown migrate mode 'always'; expected one of: on-connect,"
                        + " validate, off");
        assertThatThrownBy(() -> read("db:\n  driver: postgres\n  url: u\n  rowSecurity: off\n"))
                .hasMessageContaining("unknown rowSecurity 'off'");
        assertThatThrownBy(() -> read("db:\n  driver: postgres\n  url: u\n  spareSchemas: 99\n"))
                .hasMessage("store.yaml:4: db.spareSchemas: spareSchemas must be between 0 and 32: 99");
        assertThatThrownBy(() -> read("db:\n  driver: postgres\n  url: u\n  owner: { password: x }\n"))
                .hasMessageContaining("db.owner.username");
    }

    @Test
    void readsMaxLifetimeAndKeepaliveAndRejectsBadOnes() {
        DbConfig c = read("db:\n  driver: postgres\n  url: u\n  pool: { maxLifetime: 10m, keepaliveTime: 2m }\n");
        assertThat(c.pool().maxLifetime()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.pool().keepaliveTime()).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.pool().maxSize()).isEqualTo(PoolSettings.DEFAULT_MAX_SIZE);
        assertThatThrownBy(() -> read("db:\n  driver: postgres\n  url: u\n  pool: { maxLifetime: 10s }\n"))
                .hasMessage("store.yaml:4: db.pool: pool maxLifetime must be 0 (no limit) or at least 30s: PT10S");
        assertThatThrownBy(() -> read("db:\n  driver: postgres\n  url: u\n  pool: { maxLifetime: 1m, keepaliveTime: 1m }\n"))
                .hasMessage("store.yaml:4: db.pool: pool keepaliveTime must be shorter than maxLifetime (PT1M): PT1M");
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("db", DbConfigYaml.write(c, secrets, SITE));
        assertThat(read(YamlWriter.write(doc)).pool()).isEqualTo(c.pool());
    }
}
