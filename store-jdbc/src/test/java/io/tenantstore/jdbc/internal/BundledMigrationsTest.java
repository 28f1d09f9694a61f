package io.tenantstore.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundledMigrationsTest {
    @TempDir
    Path dir;

    @Test
    void findsTheHighestVersionOfTheBundledLocations() {
        ClassLoader loader = getClass().getClassLoader();
        assertThat(BundledMigrations.latest(loader, "classpath:db/tenantstore/postgresql")).hasValue(4);
        assertThat(BundledMigrations.latest(loader, "classpath:db/tenantstore/postgresql-rls")).hasValue(9);
        assertThat(BundledMigrations.latest(loader, "classpath:db/tenantstore/mysql")).hasValue(4);
    }

    @Test
    void readsLocationsInsideJarsAndIgnoresOtherFiles() throws IOException {
        Path jar = dir.resolve("app.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (String name : new String[] {"db/app/", "db/app/V1__a.sql", "db/app/V12__b.sql", "db/app/V3__c.sql",
                "db/app/README.md", "db/app/nested/V99__x.sql", "db/other/V1_1__fix.sql", "db/other/V1__a.sql",
                "db/view/V1__a.sql", "db/view/R__view.sql"}) {
                out.putNextEntry(new JarEntry(name));
                out.closeEntry();
            }
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            assertThat(BundledMigrations.latest(loader, "classpath:db/app")).as("sub-folders count, as in Flyway")
                    .hasValue(99);
            assertThat(BundledMigrations.latest(loader, "classpath:db/other")).as("a dotted version: not sure")
                    .isEmpty();
            assertThat(BundledMigrations.latest(loader, "classpath:db/view")).as("a repeatable migration: not sure")
                    .isEmpty();
        }
    }

    @Test
    void unknownOrNonClasspathLocationsAreNotGuessed() throws IOException {
        Files.createDirectories(dir.resolve("db/empty"));
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
            assertThat(BundledMigrations.latest(loader, "classpath:db/empty")).isEmpty();
            assertThat(BundledMigrations.latest(loader, "classpath:db/none")).isEmpty();
            assertThat(BundledMigrations.latest(loader, "filesystem:/srv/migrations")).isEmpty();
        }
    }
}
