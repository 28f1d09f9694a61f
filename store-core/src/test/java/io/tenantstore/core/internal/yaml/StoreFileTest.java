package io.tenantstore.core.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;

import io.tenantstore.DbConfig;
import io.tenantstore.ErrorCode;
import io.tenantstore.InvalidInputException;
import io.tenantstore.Isolation;
import io.tenantstore.PoolSettings;
import io.tenantstore.StoreException;
import org.junit.jupiter.api.Test;
import io.tenantstore.core.secret.Keyring;
import org.junit.jupiter.api.io.TempDir;

class StoreFileTest {
    @TempDir
    Path dir;

    private static final Keyring KEYRING = Keyring.generate();
    private final SecretResolver secrets = new EnvSecretResolver(Map.of("APP_DB_PASSWORD", "pw",
            "TENANTSTORE_KEYSET", KEYRING.exportJson().reveal())::get);

    private Path write(String text) throws IOException {
        Path file = dir.resolve("conf").resolve("store.yaml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    @Test
    void readsTheDesignExample() throws IOException {
        Path file = write("""
                # store.yaml
                fsRoot: data
                controlPlane: writer
                defaultTenantDb:
                  driver: postgres
                  url: jdbc:postgresql://127.0.0.1:5432/app
                  isolation: schema
                  username: app
                  password: ${APP_DB_PASSWORD}
                  pool: { maxSize: 10, minIdle: 0, connectionTimeout: 5s }
                globalDb: { driver: postgres, url: jdbc:postgresql://127.0.0.1:5432/control }
                secrets: { keyset: env:TENANTSTORE_KEYSET }
                pools: { maxPools: 200, idleTimeout: 10m, healthCheckInterval: 30s, maxCachedTenants: 50000 }
                """);
        StoreFile store = StoreFile.read(file, secrets);
        assertThat(store.fsRoot()).isEqualTo(dir.resolve("conf/data").toAbsolutePath().normalize());
        assertThat(store.writer()).isTrue();
        DbConfig tenantDb = store.defaultTenantDb().orElseThrow();
        assertThat(tenantDb.isolation()).isEqualTo(Isolation.SCHEMA);
        assertThat(tenantDb.username()).contains("app");
        assertThat(tenantDb.password().orElseThrow().reveal()).isEqualTo("pw");
        assertThat(tenantDb.pool()).isEqualTo(PoolSettings.DEFAULTS);
        assertThat(store.globalDb()).contains(DbConfig.of("postgres", "jdbc:postgresql://127.0.0.1:5432/control"));
        assertThat(store.secretsKeyset()).contains("env:TENANTSTORE_KEYSET");
        assertThat(store.keyring()).isPresent();
        assertThat(store.pools()).isEqualTo(new StoreFile.Pools(OptionalInt.of(200),
                java.util.Optional.of(Duration.ofMinutes(10)), java.util.Optional.of(Duration.ofSeconds(30)),
                OptionalInt.of(50_000)));
    }

    @Test
    void minimalFileHasDefaults() throws IOException {
        StoreFile store = StoreFile.read(write("fsRoot: /srv/tenantstore/../data\n"), secrets);
        assertThat(store.fsRoot()).isEqualTo(Path.of("/srv/data"));
        assertThat(store.writer()).isTrue();
        assertThat(store.defaultTenantDb()).isEmpty();
        assertThat(store.globalDb()).isEmpty();
        assertThat(store.secretsKeyset()).isEmpty();
        assertThat(store.pools()).isEqualTo(StoreFile.Pools.UNSET);
    }

    @Test
    void encryptedPasswordIsDecryptedWithTheKeyringNamedInTheSameFile() throws IOException {
        String enc = KEYRING.encrypt("store", "defaultTenantDb.password", io.tenantstore.Secret.of("from-keyring"));
        StoreFile store = StoreFile.read(write("fsRoot: data\nsecrets: { keyset: env:TENANTSTORE_KEYSET }\n"
                + "defaultTenantDb: { driver: postgres, url: 'jdbc:postgresql://db/app', password: '" + enc + "' }\n"),
                secrets);
        assertThat(store.defaultTenantDb().orElseThrow().password().orElseThrow().reveal()).isEqualTo("from-keyring");
        Path moved = write("fsRoot: data\nsecrets: { keyset: env:TENANTSTORE_KEYSET }\n"
                + "globalDb: { driver: postgres, url: 'jdbc:postgresql://db/app', password: '" + enc + "' }\n");
        assertThatThrownBy(() -> StoreFile.read(moved, secrets))
                .isInstanceOf(io.tenantstore.SecretException.class)
                .hasMessageContaining("globalDb.password")
                .hasMessageNotContaining("from-keyring");
    }

    @Test
    void readerModeAndFileKeysetRelativeToTheFile() throws IOException {
        Files.createDirectories(dir.resolve("conf/keys"));
        Files.writeString(dir.resolve("conf/keys/k.json"), KEYRING.exportJson().reveal());
        StoreFile store = StoreFile.read(write("fsRoot: data\ncontrolPlane: reader\nsecrets: { keyset: 'file:keys/k.json' }\n"),
                secrets);
        assertThat(store.writer()).isFalse();
        assertThat(store.secretsKeyset()).contains("file:" + dir.resolve("conf/keys/k.json").toAbsolutePath());
    }

    @Test
    void errorsNameFileAndLine() throws IOException {
        Path file = write("fsRoot: data\ncontrolPlane: leader\n");
        assertThatThrownBy(() -> StoreFile.read(file, secrets))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(file + ":2: controlPlane must be writer or reader, found 'leader'");
        Path typo = write("fsRoot: data\npool: { maxPools: 3 }\n");
        assertThatThrownBy(() -> StoreFile.read(typo, secrets))
                .hasMessageStartingWith(typo + ":2: unknown key 'pool'");
        Path missing = write("controlPlane: reader\n");
        assertThatThrownBy(() -> StoreFile.read(missing, secrets))
                .hasMessage(missing + ":1: missing required key 'fsRoot'");
        Path keyset = write("fsRoot: d\nsecrets:\n  keyset: vault:x\n");
        assertThatThrownBy(() -> StoreFile.read(keyset, secrets))
                .hasMessage(keyset + ":3: secrets.keyset must be env:NAME or file:path, found 'vault:x'");
        Path pools = write("fsRoot: d\npools:\n  maxPools: 0\n");
        assertThatThrownBy(() -> StoreFile.read(pools, secrets))
                .hasMessage(pools + ":3: pools.maxPools must be at least 1: 0");
        Path cached = write("fsRoot: d\npools:\n  maxCachedTenants: 0\n");
        assertThatThrownBy(() -> StoreFile.read(cached, secrets))
                .hasMessage(cached + ":3: pools.maxCachedTenants must be between 1 and 10000000: 0");
        Path idle = write("fsRoot: d\npools:\n  idleTimeout: 0s\n");
        assertThatThrownBy(() -> StoreFile.read(idle, secrets))
                .hasMessage(idle + ":3: pools.idleTimeout must be positive: 0s");
        Path clear = write("fsRoot: d\nglobalDb:\n  driver: postgres\n  url: u\n  password: p4ss\n");
        assertThatThrownBy(() -> StoreFile.read(clear, secrets))
                .hasMessageStartingWith(clear + ":5: globalDb.password must not be stored in clear")
                .hasMessageNotContaining("p4ss");
    }

    @Test
    void readsTheCacheBlockWithItsPasswordThroughTheResolver() throws IOException {
        SecretResolver withRedis = new EnvSecretResolver(Map.of("REDIS_PASSWORD", "r3dis-pw")::get);
        StoreFile store = StoreFile.read(write("""
                fsRoot: data
                cache:
                  driver: redis
                  url: redis://cache.internal:6380/2
                  username: app
                  password: ${REDIS_PASSWORD}
                  keyPrefix: myapp
                  timeout: 750ms
                  poolSize: 4
                """), withRedis);
        io.tenantstore.CacheConfig cache = store.cache().orElseThrow();
        assertThat(cache.driver()).isEqualTo("redis");
        assertThat(cache.url()).contains("redis://cache.internal:6380/2");
        assertThat(cache.username()).contains("app");
        assertThat(cache.password().orElseThrow().reveal()).isEqualTo("r3dis-pw");
        assertThat(cache.keyPrefix()).isEqualTo("myapp");
        assertThat(cache.timeout()).isEqualTo(Duration.ofMillis(750));
        assertThat(cache.poolSize()).isEqualTo(4);
        assertThat(cache.toString()).doesNotContain("r3dis-pw").contains("password=****");
        assertThat(StoreFile.read(write("fsRoot: data\n"), secrets).cache()).isEmpty();
    }

    @Test
    void cacheBlockErrorsNameFileLineAndKeyAndNeverShowAPassword() throws IOException {
        Path typo = write("fsRoot: d\ncache:\n  driver: redis\n  uri: redis://h\n");
        assertThatThrownBy(() -> StoreFile.read(typo, secrets))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(typo + ":4: unknown key 'cache.uri'");
        Path clear = write("fsRoot: d\ncache:\n  driver: redis\n  url: redis://h\n  password: p4ss\n");
        assertThatThrownBy(() -> StoreFile.read(clear, secrets))
                .hasMessageStartingWith(clear + ":5: cache.password must not be stored in clear")
                .hasMessageNotContaining("p4ss");
        Path inUrl = write("fsRoot: d\ncache:\n  driver: redis\n  url: redis://app:s3cr3t@h:6379/0\n");
        assertThatThrownBy(() -> StoreFile.read(inUrl, secrets))
                .hasMessageContaining("cache.url")
                .hasMessageContaining("must not contain a password")
                .hasMessageNotContaining("s3cr3t");
        Path prefix = write("fsRoot: d\ncache:\n  driver: redis\n  url: redis://h\n  keyPrefix: 'a b*'\n");
        assertThatThrownBy(() -> StoreFile.read(prefix, secrets))
                .hasMessageContaining(":5: cache.keyPrefix: cache keyPrefix must be 1 to 64 of A-Z a-z 0-9 _ . -: 'a b*'");
        Path timeout = write("fsRoot: d\ncache:\n  driver: redis\n  url: redis://h\n  timeout: 0s\n");
        assertThatThrownBy(() -> StoreFile.read(timeout, secrets))
                .hasMessageContaining("cache timeout must be between 1ms and 60s: PT0S");
    }

    @Test
    void missingFileIsAConfigurationError() {
        Path absent = dir.resolve("nope.yaml");
        assertThatThrownBy(() -> StoreFile.read(absent))
                .isInstanceOf(StoreException.class)
                .hasMessage("store file " + absent + " does not exist")
                .satisfies(e -> assertThat(((StoreException) e).code()).isEqualTo(ErrorCode.CONFIGURATION));
    }

    @Test
    void theLongControlPlaneFormSetsRoleAndSourceAndTheDatabaseSourceNeedsNoFsRoot() throws IOException {
        StoreFile store = StoreFile.read(write("controlPlane: { role: reader, source: database }\n"
                + "globalDb: { driver: postgres, url: 'jdbc:postgresql://db/control' }\n"), secrets);
        assertThat(store.writer()).isFalse();
        assertThat(store.controlPlaneSource()).contains(io.tenantstore.ControlPlaneSource.DATABASE);
        assertThat(store.fsRoot()).isEqualTo(dir.resolve("conf").toAbsolutePath().normalize());
        StoreFile files = StoreFile.read(write("fsRoot: data\ncontrolPlane: { source: files }\n"), secrets);
        assertThat(files.writer()).isTrue();
        assertThat(files.controlPlaneSource()).contains(io.tenantstore.ControlPlaneSource.FILES);
    }

    @Test
    void theDatabaseSourceWithoutAGlobalDbOrAnUnknownSourceIsRefusedNamingTheKey() throws IOException {
        Path noDb = write("controlPlane: { source: database }\n");
        assertThatThrownBy(() -> StoreFile.read(noDb, secrets)).isInstanceOf(io.tenantstore.InvalidInputException.class)
                .hasMessageContaining("no globalDb");
        Path bad = write("fsRoot: data\ncontrolPlane: { source: cloud }\n");
        assertThatThrownBy(() -> StoreFile.read(bad, secrets)).isInstanceOf(io.tenantstore.InvalidInputException.class)
                .hasMessageContaining("controlPlane.source must be files or database");
        Path role = write("fsRoot: data\ncontrolPlane: { role: boss }\n");
        assertThatThrownBy(() -> StoreFile.read(role, secrets)).isInstanceOf(io.tenantstore.InvalidInputException.class)
                .hasMessageContaining("writer or reader");
    }

    @Test
    void theControlPlaneProviderIsChosenByName() throws IOException {
        StoreFile nameOnly = StoreFile.read(write("fsRoot: data\ncontrolPlane: { provider: fs }\n"), secrets);
        assertThat(nameOnly.controlPlaneProvider()).contains("fs");
        assertThat(nameOnly.writer()).as("a name alone keeps the writer role").isTrue();
        StoreFile longForm = StoreFile.read(write("fsRoot: data\ncontrolPlane: { provider: etcd, role: reader }\n"),
                secrets);
        assertThat(longForm.controlPlaneProvider()).contains("etcd");
        assertThat(longForm.writer()).isFalse();
        StoreFile role = StoreFile.read(write("fsRoot: data\ncontrolPlane: reader\n"), secrets);
        assertThat(role.controlPlaneProvider()).as("a role is not a provider name").isEmpty();
        assertThat(role.writer()).isFalse();
    }

    @Test
    void aMalformedControlPlaneProviderNameIsRefused() throws IOException {
        Path file = write("fsRoot: data\ncontrolPlane: { provider: \"a b\" }\n");
        assertThatThrownBy(() -> StoreFile.read(file, secrets))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("controlPlane.provider must be a control-plane provider name");
    }
}
