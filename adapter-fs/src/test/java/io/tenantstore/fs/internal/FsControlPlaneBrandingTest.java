package io.tenantstore.fs.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import io.tenantstore.InvalidInputException;
import io.tenantstore.NotLeaderException;
import io.tenantstore.TenantNotFoundException;
import io.tenantstore.fs.FsBranding;
import io.tenantstore.model.NewTenant;
import io.tenantstore.model.TenantBranding;
import io.tenantstore.spi.ControlPlaneConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Branding through the control plane's public API ({@code config().branding()}). */
class FsControlPlaneBrandingTest {
    @TempDir
    Path root;

    @Test
    void setAndGetThroughTheControlPlaneTheSameFileFsBrandingReads() {
        FsControlPlane plane = FsControlPlane.open(new ControlPlaneConfig(root, true, Clock.systemUTC()));
        plane.tenants().create(NewTenant.of("acme", "Acme"));
        List<String> changed = new ArrayList<>();
        plane.addChangeListener(changed::add);
        assertThat(plane.branding().get("acme")).isEqualTo(TenantBranding.NONE);
        TenantBranding b = new TenantBranding("https://cdn.acme.io/logo.svg", "#1a2b3c", "#abc", "Acme ID",
                "help@acme.io", "http://localhost:3000/app.css");
        assertThat(plane.branding().set("acme", b)).isEqualTo(b);
        assertThat(plane.branding().get("acme")).isEqualTo(b);
        assertThat(FsBranding.open(root).get("acme").toTenantBranding()).isEqualTo(b);
        assertThat(changed).contains("acme");
        plane.branding().set("acme", TenantBranding.NONE);
        assertThat(plane.branding().get("acme")).isEqualTo(TenantBranding.NONE);
    }

    @Test
    void badValuesUnknownTenantsAndReadersAreRefused() {
        FsControlPlane plane = FsControlPlane.open(new ControlPlaneConfig(root, true, Clock.systemUTC()));
        plane.tenants().create(NewTenant.of("acme", "Acme"));
        assertThatThrownBy(() -> new TenantBranding("http://cdn.acme.io/logo.svg", null, null, null, null, null))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("logoUrl");
        assertThatThrownBy(() -> new TenantBranding(null, "blue", null, null, null, null))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("primaryColor");
        assertThatThrownBy(() -> plane.branding().set("globex", TenantBranding.NONE))
                .isInstanceOf(TenantNotFoundException.class);
        FsControlPlane reader = FsControlPlane.open(new ControlPlaneConfig(root, false, Clock.systemUTC()));
        assertThatThrownBy(() -> reader.branding().set("acme", new TenantBranding(null, "#fff", null, null, null,
                null))).isInstanceOf(NotLeaderException.class);
        assertThat(reader.branding().get("acme")).isEqualTo(TenantBranding.NONE);
    }
}
