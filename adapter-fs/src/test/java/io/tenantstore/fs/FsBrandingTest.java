package io.tenantstore.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import io.tenantstore.InvalidInputException;
import io.tenantstore.TenantNotFoundException;
import io.tenantstore.fs.internal.FsControlPlane;
import io.tenantstore.model.NewTenant;
import io.tenantstore.spi.ControlPlaneConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FsBrandingTest {
    @TempDir
    Path tmp;
    FsBranding branding;

    @BeforeEach
    void tenant() {
        try (FsControlPlane plane = FsControlPlane.open(new ControlPlaneConfig(tmp, true, Clock.systemUTC()))) {
            plane.tenants().create(NewTenant.of("acme", "Acme"));
        }
        branding = FsBranding.open(tmp);
    }

    @Test
    void setThenGetRoundTripsAndUnsetPartsStayNull() {
        assertThat(branding.get("acme")).isEqualTo(Branding.NONE);
        Branding b = new Branding("https://cdn.acme.test/logo.png", "#1a2B3c", "#abc", "Acme Cloud",
                "help@acme.test", "http://localhost:8080/acme.css");
        branding.set("acme", b);
        assertThat(FsBranding.open(tmp).get("acme")).isEqualTo(b);
        branding.set("acme", new Branding(null, "#fff", null, null, null, null));
        assertThat(branding.get("acme")).isEqualTo(new Branding(null, "#fff", null, null, null, null));
        assertThatThrownBy(() -> branding.get("nobody")).isInstanceOf(TenantNotFoundException.class);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "http://cdn.acme.test/logo.png|#fff|help@acme.test|logoUrl",
        "ftp://cdn.acme.test/logo.png|#fff|help@acme.test|logoUrl",
        "https://cdn.acme.test/logo.png|#ffff|help@acme.test|primaryColor",
        "https://cdn.acme.test/logo.png|red|help@acme.test|primaryColor",
        "https://cdn.acme.test/logo.png|#fff|not-an-address|supportEmail"})
    void badValuesAreRefusedQuotingThemAndNothingIsWritten(String logo, String color, String email, String part) {
        assertThatThrownBy(() -> branding.set("acme", new Branding(logo, color, null, null, email, null)))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith(part);
        assertThat(tmp.resolve("tenants/acme/branding.yaml")).doesNotExist();
    }

    @Test
    void aBadValueInTheFileIsReportedWithFileAndLine() throws Exception {
        Path file = tmp.resolve("tenants/acme/branding.yaml");
        Files.writeString(file, "productName: Acme\nprimaryColor: '#12345g'\n");
        assertThatThrownBy(() -> branding.get("acme")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("branding.yaml:2").hasMessageContaining("#12345g");
        Files.writeString(file, "productName: Acme\ncolour: '#123'\n");
        assertThatThrownBy(() -> branding.get("acme")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("branding.yaml").hasMessageContaining("colour");
    }
}
