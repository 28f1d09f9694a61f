package io.tenantstore.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ServiceLoader;

import io.tenantstore.model.NewTenant;
import io.tenantstore.spi.ControlPlane;
import io.tenantstore.spi.ControlPlaneConfig;
import io.tenantstore.spi.ControlPlaneProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FsControlPlaneProviderTest {
    @TempDir
    Path tmp;

    @Test
    void isDiscoveredByNameAndOpensAWorkingControlPlane() {
        ControlPlaneProvider provider = ServiceLoader.load(ControlPlaneProvider.class).stream()
                .filter(p -> p.type() == FsControlPlaneProvider.class)
                .findFirst().orElseThrow().get();
        assertThat(provider.name()).isEqualTo("fs").isEqualTo(FsControlPlaneProvider.NAME);
        Clock clock = Clock.fixed(Instant.parse("2026-11-21T10:00:00Z"), ZoneOffset.UTC);
        try (ControlPlane plane = provider.open(new ControlPlaneConfig(tmp, true, clock))) {
            plane.tenants().create(NewTenant.of("acme", "Acme"));
            assertThat(plane.tenants().getBySlug("acme")).isPresent();
            assertThat(plane.health().healthy()).isTrue();
        }
    }
}
