package io.tenantstore.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.tenantstore.InvalidInputException;
import io.tenantstore.UnavailableException;
import io.tenantstore.testkit.TestDatabase.Engine;
import io.tenantstore.testkit.TestDatabase.Source;

class TestDatabaseResolverTest {

    private final Map<String, String> env = new HashMap<>();
    private boolean docker;
    private final List<String> calls = new ArrayList<>();
    private RuntimeException containerFailure;
    private RuntimeException embeddedFailure;

    private TestDatabaseResolver resolver() {
        return new TestDatabaseResolver(env::get, () -> {
            calls.add("docker?");
            return docker;
        }, engine -> {
            calls.add("container " + engine);
            if (containerFailure != null) {
                throw containerFailure;
            }
            return new TestDatabase(engine, url(engine, "container"), "u", "p", Source.TESTCONTAINERS);
        }, engine -> {
            calls.add("embedded " + engine);
            if (embeddedFailure != null) {
                throw embeddedFailure;
            }
            return new TestDatabase(engine, url(engine, "embedded"), "u", null, Source.EMBEDDED);
        });
    }

    private static String url(Engine engine, String host) {
        return engine == Engine.MONGODB ? "mongodb://" + host + ":1/db" : "jdbc:x://" + host + ":1/db";
    }

    @Test
    void postgresUrlInTheEnvironmentWinsWithDefaultUserAndNoPassword() {
        env.put("TENANTSTORE_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/tenantstore_test");
        docker = true;

        TestDatabase db = resolver().resolve(Engine.POSTGRES);

        assertThat(db).isEqualTo(new TestDatabase(Engine.POSTGRES,
                "jdbc:postgresql://127.0.0.1:5432/tenantstore_test", "postgres", null, Source.ENV));
        assertThat(calls).isEmpty();
    }

    @Test
    void mysqlUrlInTheEnvironmentTakesUserAndPasswordFromTheirVariables() {
        env.put("TENANTSTORE_TEST_MYSQL_URL", "jdbc:mysql://db:3306/t?useSSL=false");
        env.put("TENANTSTORE_TEST_MYSQL_USER", "app");
        env.put("TENANTSTORE_TEST_MYSQL_PASSWORD", "s3cret");

        TestDatabase db = resolver().resolve(Engine.MYSQL);

        assertThat(db).isEqualTo(new TestDatabase(Engine.MYSQL, "jdbc:mysql://db:3306/t?useSSL=false", "app",
                "s3cret", Source.ENV));
    }

    @Test
    void mysqlDefaultsToRootAndAcceptsMariadbUrls() {
        env.put("TENANTSTORE_TEST_MYSQL_URL", "jdbc:mariadb://db/t");

        TestDatabase db = resolver().resolve(Engine.MYSQL);

        assertThat(db.username()).isEqualTo("root");
        assertThat(db.password()).isNull();
        assertThat(db.source()).isEqualTo(Source.ENV);
    }

    @Test
    void mongodbUriInTheEnvironmentCarriesItsOwnCredentials() {
        env.put("TENANTSTORE_TEST_MONGODB_URI", "mongodb://ana:p%40ss@mongo:27017/t?authSource=admin");

        TestDatabase db = resolver().resolve(Engine.MONGODB);

        assertThat(db.source()).isEqualTo(Source.ENV);
        assertThat(db.url()).isEqualTo("mongodb://ana:p%40ss@mongo:27017/t?authSource=admin");
        assertThat(db.username()).isEqualTo("ana");
        assertThat(db.password()).isEqualTo("p@ss");
    }

    @Test
    void mongodbUriWithoutCredentialsHasEmptyUserAndNoPassword() {
        env.put("TENANTSTORE_TEST_MONGODB_URI", "mongodb://mongo:27017");

        TestDatabase db = resolver().resolve(Engine.MONGODB);

        assertThat(db.username()).isEmpty();
        assertThat(db.password()).isNull();
    }

    @Test
    void blankEnvironmentValuesCountAsUnset() {
        env.put("TENANTSTORE_TEST_POSTGRES_URL", "  ");
        env.put("TENANTSTORE_TEST_POSTGRES_PASSWORD", "");

        TestDatabase db = resolver().resolve(Engine.POSTGRES);

        assertThat(db.source()).isEqualTo(Source.EMBEDDED);
    }

    @Test
    void blankPasswordVariableMeansNoPassword() {
        env.put("TENANTSTORE_TEST_POSTGRES_URL", "jdbc:postgresql://h/d");
        env.put("TENANTSTORE_TEST_POSTGRES_PASSWORD", "");

        assertThat(resolver().resolve(Engine.POSTGRES).password()).isNull();
    }

    @Test
    void withoutEnvironmentADockerEngineGivesAContainer() {
        docker = true;

        TestDatabase db = resolver().resolve(Engine.POSTGRES);

        assertThat(db.source()).isEqualTo(Source.TESTCONTAINERS);
        assertThat(calls).containsExactly("docker?", "container POSTGRES");
    }

    @Test
    void withoutEnvironmentOrDockerTheEmbeddedServerIsUsed() {
        docker = false;

        TestDatabase db = resolver().resolve(Engine.MYSQL);

        assertThat(db.source()).isEqualTo(Source.EMBEDDED);
        assertThat(calls).containsExactly("docker?", "embedded MYSQL");
    }

    @Test
    void aContainerThatFailsToStartFallsBackToEmbedded() {
        docker = true;
        containerFailure = new UnavailableException(UnavailableException.Reason.DATABASE_DOWN, "pull failed", null);

        TestDatabase db = resolver().resolve(Engine.MONGODB);

        assertThat(db.source()).isEqualTo(Source.EMBEDDED);
        assertThat(calls).containsExactly("docker?", "container MONGODB", "embedded MONGODB");
    }

    @Test
    void whenEveryStepFailsTheEmbeddedFailureCarriesTheContainerFailure() {
        docker = true;
        containerFailure = new UnavailableException(UnavailableException.Reason.DATABASE_DOWN, "pull failed", null);
        embeddedFailure = new UnavailableException(UnavailableException.Reason.DATABASE_DOWN, "initdb failed", null);

        assertThatThrownBy(() -> resolver().resolve(Engine.POSTGRES))
                .isSameAs(embeddedFailure)
                .satisfies(e -> assertThat(e.getSuppressed()).containsExactly(containerFailure));
    }

    @Test
    void eachEngineIsResolvedOnceAndCached() {
        TestDatabaseResolver resolver = resolver();

        TestDatabase first = resolver.resolve(Engine.POSTGRES);
        TestDatabase second = resolver.resolve(Engine.POSTGRES);
        resolver.resolve(Engine.MYSQL);

        assertThat(second).isSameAs(first);
        assertThat(calls).containsExactly("docker?", "embedded POSTGRES", "docker?", "embedded MYSQL");
    }

    @Test
    void aFailedResolutionIsRetriedOnTheNextCall() {
        TestDatabaseResolver resolver = resolver();
        embeddedFailure = new UnavailableException(UnavailableException.Reason.DATABASE_DOWN, "busy", null);
        assertThatThrownBy(() -> resolver.resolve(Engine.POSTGRES)).isSameAs(embeddedFailure);

        embeddedFailure = null;

        assertThat(resolver.resolve(Engine.POSTGRES).source()).isEqualTo(Source.EMBEDDED);
    }

    @Test
    void concurrentFirstCallersShareOneStart() throws Exception {
        AtomicInteger starts = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        TestDatabaseResolver resolver = new TestDatabaseResolver(env::get, () -> false,
                engine -> {
                    throw new AssertionError("no container expected");
                },
                engine -> {
                    starts.incrementAndGet();
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return new TestDatabase(engine, "jdbc:x://h/d", "u", null, Source.EMBEDDED);
                });
        int callers = 8;
        CyclicBarrier barrier = new CyclicBarrier(callers);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<TestDatabase>> results = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                results.add(pool.submit(() -> {
                    barrier.await();
                    return resolver.resolve(Engine.POSTGRES);
                }));
            }
            release.countDown();
            TestDatabase first = results.get(0).get(10, TimeUnit.SECONDS);
            for (Future<TestDatabase> result : results) {
                assertThat(result.get(10, TimeUnit.SECONDS)).isSameAs(first);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(starts).hasValue(1);
    }

    @Test
    void aUrlOfTheWrongKindIsRejectedNamingTheVariableButNotThePassword() {
        env.put("TENANTSTORE_TEST_POSTGRES_URL", "jdbc:mysql://u:hunter2@db/t");

        assertThatThrownBy(() -> resolver().resolve(Engine.POSTGRES))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("TENANTSTORE_TEST_POSTGRES_URL")
                .hasMessageContaining("jdbc:postgresql:")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void aMongoVariableThatIsNotAMongoUriIsRejected() {
        env.put("TENANTSTORE_TEST_MONGODB_URI", "jdbc:postgresql://db/t");

        assertThatThrownBy(() -> resolver().resolve(Engine.MONGODB))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("TENANTSTORE_TEST_MONGODB_URI");
    }

    @Test
    void fromEnvironmentIsEmptyWhenTheVariableIsUnset() {
        assertThat(resolver().fromEnvironment(Engine.POSTGRES)).isEmpty();
        assertThat(calls).isEmpty();
    }
}
