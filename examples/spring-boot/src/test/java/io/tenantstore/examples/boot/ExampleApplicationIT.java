package io.tenantstore.examples.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.tenantstore.DataAccessLayer;
import io.tenantstore.DbConfig;
import io.tenantstore.PoolSettings;
import io.tenantstore.model.NewTenant;
import io.tenantstore.model.TenantDatabase;
import io.tenantstore.model.TenantSettings;
import io.tenantstore.testkit.TestDatabase;
import io.tenantstore.testkit.TestDatabases;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Starts the example on a random port with Spring Boot's dependency management deciding Flyway and
 * HikariCP, and drives it over real HTTP: two tenants by header, sign-up and login in each, a refresh
 * token rotation with reuse detection, the other tenant's user invisible, 400/404/503 problem
 * responses, and {@code /actuator/health} showing the pool.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ExampleApplicationIT {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @LocalServerPort
    int port;

    @Autowired
    DataAccessLayer store;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) throws IOException {
        TestDatabase server = TestDatabases.postgres();
        String url = server.createDatabase("example_spring_boot");
        Path data = Files.createTempDirectory("example-spring-boot");
        registry.add("tenantstore.fs-root", data::toString);
        registry.add("tenantstore.default-tenant-db.url", () -> url);
        registry.add("tenantstore.default-tenant-db.username", server::username);
        registry.add("tenantstore.default-tenant-db.password", () -> server.password() == null ? "" : server.password());
    }

    @Test
    void twoTenantsSignUpLogInAndRotateRefreshTokensWithoutSeeingEachOther() throws Exception {
        Reply anaSignup = post("acme", "/signup", "{\"email\":\"ana@acme.io\",\"password\":\"correct horse battery\"}");
        assertThat(anaSignup.status()).isEqualTo(201);
        String anaId = anaSignup.json().get("id").asString();
        assertThat(post("globex", "/signup", "{\"email\":\"bob@globex.io\",\"password\":\"hunter2 hunter2\"}").status())
                .isEqualTo(201);
        // the same email is free in the other tenant
        assertThat(post("globex", "/signup", "{\"email\":\"ana@acme.io\",\"password\":\"another one\"}").status())
                .isEqualTo(201);
        assertThat(post("acme", "/signup", "{\"email\":\"ana@acme.io\",\"password\":\"again again\"}").status())
                .isEqualTo(409);

        Reply anaLogin = post("acme", "/login", "{\"email\":\"ana@acme.io\",\"password\":\"correct horse battery\"}");
        assertThat(anaLogin.status()).isEqualTo(200);
        assertThat(anaLogin.json().get("userId").asString()).isEqualTo(anaId);
        Reply bobLogin = post("globex", "/login", "{\"email\":\"bob@globex.io\",\"password\":\"hunter2 hunter2\"}");
        assertThat(bobLogin.status()).isEqualTo(200);

        // the other tenant's user is invisible: by id, by login, and bob's token in acme
        assertThat(get("globex", "/users/" + anaId).status()).isEqualTo(404);
        assertThat(get("acme", "/users/" + anaId).json().get("email").asString()).isEqualTo("ana@acme.io");
        assertThat(post("acme", "/login", "{\"email\":\"bob@globex.io\",\"password\":\"hunter2 hunter2\"}").status())
                .isEqualTo(401);
        assertThat(post("globex", "/login", "{\"email\":\"ana@acme.io\",\"password\":\"correct horse battery\"}")
                .status()).isEqualTo(401);
        String bobToken = bobLogin.json().get("refreshToken").asString();
        assertThat(refresh("acme", bobToken).status()).isEqualTo(401);

        // rotation: the first token gives a second; presenting the first again revokes the family
        String first = anaLogin.json().get("refreshToken").asString();
        Reply rotated = refresh("acme", first);
        assertThat(rotated.status()).isEqualTo(200);
        String second = rotated.json().get("refreshToken").asString();
        assertThat(second).isNotEqualTo(first);
        Reply reuse = refresh("acme", first);
        assertThat(reuse.status()).isEqualTo(401);
        assertThat(reuse.json().get("code").asString()).isEqualTo("TOKEN_REUSED");
        assertThat(refresh("acme", second).status()).as("family revoked after reuse").isEqualTo(401);
        // bob's token, untouched by acme's reuse, still rotates in globex
        assertThat(refresh("globex", bobToken).status()).isEqualTo(200);
    }

    @Test
    void tenantErrorsAreProblemDetailsAndHealthShowsThePools() throws Exception {
        assertThat(post("acme", "/signup", "{\"email\":\"carl@acme.io\",\"password\":\"correct horse battery\"}")
                .status()).isEqualTo(201);

        Reply health = send(HttpRequest.newBuilder(uri("/actuator/health")).GET());
        assertThat(health.status()).isEqualTo(200);
        JsonNode tenantStore = health.json().get("components").get("tenantStore");
        assertThat(tenantStore.get("status").asString()).isEqualTo("UP");
        JsonNode pools = tenantStore.get("details").get("pools");
        assertThat(pools.propertyNames()).anySatisfy(key -> assertThat(key).contains("postgres"));
        assertThat(pools.values()).allSatisfy(pool -> assertThat(pool.get("breaker").asString()).isEqualTo("CLOSED"));

        Reply info = send(HttpRequest.newBuilder(uri("/actuator/info")).GET());
        assertThat(info.json().get("tenantstore").get("mode").asString()).isEqualTo("FS_TENANT_DB");

        Reply none = send(HttpRequest.newBuilder(uri("/users/x")).GET());
        assertThat(none.status()).isEqualTo(400);
        assertThat(none.contentType()).startsWith("application/problem+json");
        assertThat(none.json().get("code").asString()).isEqualTo("TENANT_REQUIRED");

        Reply unknown = get("initech", "/users/x");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
        assertThat(unknown.json().get("code").asString()).isEqualTo("TENANT_NOT_FOUND");

        // a tenant whose own database does not answer (nothing listens on port 1)
        if (store.config().tenants().getBySlug("down").isEmpty()) {
            store.config().tenants().create(new NewTenant("down", "Down", "Down", TenantSettings.DEFAULTS,
                    TenantDatabase.own(DbConfig.builder("postgres", "jdbc:postgresql://127.0.0.1:1/none")
                            .pool(new PoolSettings(1, 0, Duration.ofMillis(250))).build())));
        }
        Reply down = post("down", "/signup", "{\"email\":\"dan@down.io\",\"password\":\"correct horse battery\"}");
        assertThat(down.status()).isEqualTo(503);
        assertThat(down.contentType()).startsWith("application/problem+json");
        assertThat(down.json().get("code").asString()).isEqualTo("UNAVAILABLE");
        assertThat(down.body()).doesNotContain("127.0.0.1");
    }

    @Test
    void springBootsFlywayAndHikariVersionsAreTheOnesLoadedAndMigrationsRan() throws Exception {
        String flyway = System.getProperty("expected.flyway.version");
        String hikari = System.getProperty("expected.hikaricp.version");
        assertThat(flyway).as("set by the pom from Spring Boot's dependency management").isNotBlank();
        assertThat(jarOf(Flyway.class)).endsWith("flyway-core-" + flyway + ".jar");
        assertThat(jarOf(HikariDataSource.class)).endsWith("HikariCP-" + hikari + ".jar");

        DataSource acme = store.forTenant("acme").unwrap(DataSource.class);
        try (Connection c = acme.getConnection();
             ResultSet rs = c.createStatement().executeQuery(
                     "select count(*) from t_acme.ts_schema_history where success")) {
            rs.next();
            assertThat(rs.getInt(1)).isPositive();
        }
    }

    private static String jarOf(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).getFileName().toString();
    }

    private Reply refresh(String tenant, String token) throws Exception {
        return post(tenant, "/token/refresh", "{\"refreshToken\":\"" + token + "\"}");
    }

    private Reply post(String tenant, String path, String json) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).header("X-Tenant", tenant).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private Reply get(String tenant, String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).header("X-Tenant", tenant).GET());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static Reply send(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> r = HTTP.send(request.timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
    }

    private record Reply(int status, String contentType, String body) {
        JsonNode json() {
            return JSON.readTree(body);
        }
    }

}
