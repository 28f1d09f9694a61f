package io.tenantstore;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OperationalModeTest {
    private static final DbConfig GLOBAL = DbConfig.of("postgres", "jdbc:postgresql://127.0.0.1/control");
    private static final DbConfig TENANTS = DbConfig.of("postgres", "jdbc:postgresql://127.0.0.1/app");

    @Test
    void detectsAllFourModes() {
        assertThat(OperationalMode.detect(null, null)).isEqualTo(OperationalMode.FS_ONLY);
        assertThat(OperationalMode.detect(GLOBAL, null)).isEqualTo(OperationalMode.FS_GLOBAL_DB);
        assertThat(OperationalMode.detect(null, TENANTS)).isEqualTo(OperationalMode.FS_TENANT_DB);
        assertThat(OperationalMode.detect(GLOBAL, TENANTS)).isEqualTo(OperationalMode.FULL_DB);
    }

    @Test
    void capabilitiesFollowTheMode() {
        assertThat(Capabilities.of(OperationalMode.FS_ONLY, true).defaultTenantData()).isFalse();
        assertThat(Capabilities.of(OperationalMode.FS_GLOBAL_DB, true).globalMirror()).isTrue();
        assertThat(Capabilities.of(OperationalMode.FS_GLOBAL_DB, true).defaultTenantData()).isFalse();
        assertThat(Capabilities.of(OperationalMode.FULL_DB, false).defaultTenantData()).isTrue();
        assertThat(Capabilities.of(OperationalMode.FULL_DB, false).controlPlaneWrites()).isFalse();
    }

    @org.junit.jupiter.api.Test
    void theDatabaseAsSourceIsNoMirrorAndNeedsAGlobalDb() {
        Capabilities c = Capabilities.of(OperationalMode.FULL_DB, true, ControlPlaneSource.DATABASE);
        assertThat(c.globalMirror()).isFalse();
        assertThat(c.controlPlaneSource()).isEqualTo(ControlPlaneSource.DATABASE);
        assertThat(Capabilities.of(OperationalMode.FULL_DB, true, ControlPlaneSource.FILES).globalMirror()).isTrue();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Capabilities.of(OperationalMode.FS_TENANT_DB, true,
                ControlPlaneSource.DATABASE)).isInstanceOf(InvalidInputException.class);
    }
}
