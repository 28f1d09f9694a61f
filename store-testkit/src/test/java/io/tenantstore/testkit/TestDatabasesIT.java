package io.tenantstore.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Properties;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;

import io.tenantstore.testkit.TestDatabase.Engine;
import io.tenantstore.testkit.TestDatabase.Source;

/**
 * Each way of getting a database, against real servers: the environment's (or this machine's
 * local) PostgreSQL and MariaDB, and the embedded PostgreSQL, MariaDB and MongoDB servers.
 */
class TestDatabasesIT {

    /**
     * Without TENANTSTORE_TEST_* set (a machine with no database services), the environment path
     * is still exercised end to end: a resolver reads variables that name a running embedded
     * server, exactly as CI's variables name the local servers.
     */
    private static TestDatabase throughEnvironmentVariables(TestDatabase running) {
        String prefix = "TENANTSTORE_TEST_" + running.engine().name();
        java.util.Map<String, String> env = new java.util.HashMap<>();
        env.put(prefix + "_URL", running.url());
        env.put(prefix + "_USER", running.username());
        if (running.password() != null) {
            env.put(prefix + "_PASSWORD", running.password());
        }
        TestDatabaseResolver.ServerStarter none = engine -> {
            throw new AssertionError("the environment path must not start a server");
        };
        return new TestDatabaseResolver(env::get, () -> false, none, none).resolve(running.engine());
    }

    @Test
    void postgresThroughTheEnvironmentUrl() throws SQLException {
        TestDatabase server = TestDatabases.fromEnvironment(Engine.POSTGRES)
                .orElseGet(() -> throughEnvironmentVariables(TestDatabases.embeddedPostgres()));

        assertThat(server.source()).isEqualTo(Source.ENV);
        exerciseSql(server, "testkit_it_env_pg");
    }

    @Test
    void postgresThroughTheEmbeddedServer() throws SQLException {
        TestDatabase server = TestDatabases.embeddedPostgres();

        assertThat(server.source()).isEqualTo(Source.EMBEDDED);
        assertThat(server.engine()).isEqualTo(Engine.POSTGRES);
        assertThat(TestDatabases.embeddedPostgres()).isEqualTo(server);
        exerciseSql(server, "testkit_it_embedded_pg");
    }

    @Test
    void mysqlThroughTheEnvironmentUrl() throws SQLException {
        TestDatabase server = TestDatabases.fromEnvironment(Engine.MYSQL)
                .orElseGet(() -> throughEnvironmentVariables(TestDatabases.embeddedMysql()));

        assertThat(server.source()).isEqualTo(Source.ENV);
        exerciseSql(server, "testkit_it_env_mysql");
    }

    @Test
    void mysqlThroughTheEmbeddedMariaDb() throws SQLException {
        TestDatabase server = TestDatabases.embeddedMysql();

        assertThat(server.source()).isEqualTo(Source.EMBEDDED);
        assertThat(server.engine()).isEqualTo(Engine.MYSQL);
        exerciseSql(server, "testkit_it_embedded_mysql");
    }

    @Test
    void mongodbThroughTheEmbeddedServer() {
        TestDatabase server = TestDatabases.embeddedMongodb();

        assertThat(server.source()).isEqualTo(Source.EMBEDDED);
        exerciseMongo(server, "testkit_it_embedded_mongo");
    }

    @Test
    void theResolvedServersFollowTheEnvironmentAndAreCached() throws SQLException {
        TestDatabase postgres = TestDatabases.postgres();
        TestDatabase mysql = TestDatabases.mysql();
        TestDatabase mongodb = TestDatabases.mongodb();

        assertThat(TestDatabases.postgres()).isSameAs(postgres);
        assertThat(TestDatabases.get(Engine.MYSQL)).isSameAs(mysql);
        assertThat(postgres.source()).isEqualTo(expectedSource("TENANTSTORE_TEST_POSTGRES_URL"));
        assertThat(mysql.source()).isEqualTo(expectedSource("TENANTSTORE_TEST_MYSQL_URL"));
        assertThat(mongodb.source()).isEqualTo(expectedSource("TENANTSTORE_TEST_MONGODB_URI"));
        if (postgres.source() == Source.EMBEDDED) {
            // one embedded server per JVM, whichever accessor started it
            assertThat(postgres).isEqualTo(TestDatabases.embeddedPostgres());
        }
        exerciseSql(postgres, "testkit_it_resolved_pg");
        exerciseSql(mysql, "testkit_it_resolved_mysql");
        exerciseMongo(mongodb, "testkit_it_resolved_mongo");
    }

    private static Source expectedSource(String variable) {
        String value = System.getenv(variable);
        if (value != null && !value.isBlank()) {
            return Source.ENV;
        }
        return TestDatabases.dockerAvailable() ? Source.TESTCONTAINERS : Source.EMBEDDED;
    }

    /** select 1 on the server, then a table in a fresh database, then the same name fresh again. */
    private static void exerciseSql(TestDatabase server, String name) throws SQLException {
        try (Connection connection = connect(server, server.url());
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("select 1")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getInt(1)).isEqualTo(1);
        }

        String url = server.createDatabase(name);
        assertThat(url).contains("/" + name);
        try (Connection connection = connect(server, url); Statement statement = connection.createStatement()) {
            statement.execute("create table probe (id int primary key, label varchar(20) not null)");
            statement.execute("insert into probe (id, label) values (1, 'one')");
            try (ResultSet rows = statement.executeQuery("select label from probe where id = 1")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("one");
            }
        }

        // drop-if-exists: the same name again is an empty database, even with a session still open on it
        try (Connection lingering = connect(server, url)) {
            assertThat(lingering.isValid(5)).isTrue();
            String again = server.createDatabase(name);
            assertThat(again).isEqualTo(url);
            try (Connection connection = connect(server, again); Statement statement = connection.createStatement()) {
                assertThatThrownBy(() -> statement.executeQuery("select label from probe"))
                        .isInstanceOf(SQLException.class);
            }
        }
    }

    private static Connection connect(TestDatabase server, String url) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", server.username());
        if (server.password() != null) {
            properties.setProperty("password", server.password());
        }
        return DriverManager.getConnection(url, properties);
    }

    /** A document round trip in a fresh database, then the same name fresh again. */
    private static void exerciseMongo(TestDatabase server, String name) {
        String uri = server.createDatabase(name);
        assertThat(new ConnectionString(uri).getDatabase()).isEqualTo(name);
        try (MongoClient client = MongoClients.create(uri)) {
            MongoCollection<Document> probes = client.getDatabase(name).getCollection("probe");
            probes.insertOne(new Document("_id", 1).append("label", "one"));

            Document found = probes.find(new Document("_id", 1)).first();

            assertThat(found).isNotNull();
            assertThat(found.getString("label")).isEqualTo("one");

            server.createDatabase(name);
            assertThat(client.listDatabaseNames().into(new ArrayList<>())).doesNotContain(name);
            assertThat(probes.find().into(new ArrayList<>())).isEmpty();
        }
    }
}
