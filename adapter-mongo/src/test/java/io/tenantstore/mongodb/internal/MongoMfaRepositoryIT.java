package io.tenantstore.mongodb.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import io.tenantstore.InvalidInputException;
import io.tenantstore.Isolation;
import io.tenantstore.Secret;
import io.tenantstore.model.MfaTotp;
import io.tenantstore.repository.MfaRepository;
import io.tenantstore.spi.TenantRepositories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(value = Isolation.class, names = {"DATABASE", "SHARED"})
class MongoMfaRepositoryIT {
    @Parameter
    Isolation isolation;

    private TestTenants tenants;
    private MfaRepository mfa;
    private String u1;
    private String u2;

    @BeforeEach
    void bind() {
        tenants = new TestTenants(isolation);
        TenantRepositories repos = tenants.bind("mfa");
        mfa = repos.mfa();
        u1 = TestTenants.newUser(repos);
        u2 = TestTenants.newUser(repos);
    }

    @AfterEach
    void close() {
        tenants.close();
    }

    @Test
    void totpEnrolmentIsConfirmedOnce() {
        MfaTotp enrolled = mfa.upsertTotp(u1, Secret.of("JBSWY3DPEHPK3PXP"));

        Instant now = tenants.clock.instant().truncatedTo(ChronoUnit.MILLIS);
        assertThat(enrolled.userId()).isEqualTo(u1);
        assertThat(enrolled.secret().reveal()).isEqualTo("JBSWY3DPEHPK3PXP");
        assertThat(enrolled.confirmed()).isFalse();
        assertThat(enrolled.lastUsedStep()).isNull();
        assertThat(enrolled.createdAt()).isEqualTo(now);
        assertThat(enrolled.confirmedAt()).isNull();

        assertThat(mfa.confirmTotp(u1)).isTrue();
        assertThat(mfa.confirmTotp(u1)).isFalse();
        assertThat(mfa.confirmTotp(TestTenants.UNKNOWN_USER)).isFalse();
        MfaTotp confirmed = mfa.getTotp(u1).orElseThrow();
        assertThat(confirmed.confirmed()).isTrue();
        assertThat(confirmed.confirmedAt()).isEqualTo(now);
    }

    @Test
    void reEnrollingReplacesTheSeedAndStartsUnconfirmed() {
        mfa.upsertTotp(u1, Secret.of("FIRST"));
        mfa.confirmTotp(u1);
        mfa.markTotpUsed(u1, 100);

        MfaTotp again = mfa.upsertTotp(u1, Secret.of("SECOND"));

        assertThat(again.secret().reveal()).isEqualTo("SECOND");
        assertThat(again.confirmed()).isFalse();
        assertThat(again.lastUsedStep()).isNull();
        assertThat(again.userId()).isEqualTo(u1);
        assertThat(mfa.getTotp(u1)).contains(again);
    }

    @Test
    void aTotpStepIsAcceptedOnlyWhenNewerThanTheLastOne() {
        mfa.upsertTotp(u1, Secret.of("SEED"));

        assertThat(mfa.markTotpUsed(u1, 1000)).isTrue();
        assertThat(mfa.markTotpUsed(u1, 1000)).isFalse();
        assertThat(mfa.markTotpUsed(u1, 999)).isFalse();
        assertThat(mfa.markTotpUsed(u1, 1001)).isTrue();
        assertThat(mfa.getTotp(u1).orElseThrow().lastUsedStep()).isEqualTo(1001L);
        assertThat(mfa.markTotpUsed(TestTenants.UNKNOWN_USER, 5)).isFalse();
        assertThatThrownBy(() -> mfa.markTotpUsed(u1, -1)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void disableTotpRemovesTheEnrolment() {
        mfa.upsertTotp(u1, Secret.of("SEED"));

        assertThat(mfa.disableTotp(u1)).isTrue();
        assertThat(mfa.getTotp(u1)).isEmpty();
        assertThat(mfa.disableTotp(u1)).isFalse();
    }

    @Test
    void eachRecoveryCodeWorksOnce() {
        mfa.setRecoveryCodes(u1, List.of("c1", "c2", "c3"));
        mfa.setRecoveryCodes(u2, List.of("c1"));

        assertThat(mfa.remainingRecoveryCodes(u1)).isEqualTo(3);
        assertThat(mfa.useRecoveryCode(u1, "c2")).isTrue();
        assertThat(mfa.useRecoveryCode(u1, "c2")).isFalse();
        assertThat(mfa.useRecoveryCode(u1, "nope")).isFalse();
        assertThat(mfa.remainingRecoveryCodes(u1)).isEqualTo(2);
        assertThat(mfa.remainingRecoveryCodes(u2)).isEqualTo(1);
        assertThat(mfa.useRecoveryCode(u2, "c2")).isFalse();
    }

    @Test
    void settingRecoveryCodesReplacesTheOldOnesAndRefusesRepeats() {
        mfa.setRecoveryCodes(u1, List.of("old1", "old2"));
        mfa.useRecoveryCode(u1, "old1");

        mfa.setRecoveryCodes(u1, List.of("new1", "new2"));

        assertThat(mfa.remainingRecoveryCodes(u1)).isEqualTo(2);
        assertThat(mfa.useRecoveryCode(u1, "old2")).isFalse();
        assertThat(mfa.useRecoveryCode(u1, "new1")).isTrue();
        assertThat(mfa.deleteRecoveryCodes(u1)).isEqualTo(2);
        assertThat(mfa.remainingRecoveryCodes(u1)).isZero();
        mfa.setRecoveryCodes(u1, List.of());
        assertThat(mfa.remainingRecoveryCodes(u1)).isZero();
        assertThatThrownBy(() -> mfa.setRecoveryCodes(u1, List.of(" "))).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> mfa.setRecoveryCodes(u1, List.of("same", "same")))
                .isInstanceOf(InvalidInputException.class).hasMessageNotContaining("same");
    }

    @Test
    void trustedDevicesExpire() {
        mfa.addTrustedDevice(u1, "dev-a", Duration.ofDays(30));
        mfa.addTrustedDevice(u1, "dev-b", Duration.ofDays(1));

        assertThat(mfa.isTrustedDevice(u1, "dev-a")).isTrue();
        assertThat(mfa.isTrustedDevice(u1, "dev-b")).isTrue();
        assertThat(mfa.isTrustedDevice(u2, "dev-a")).isFalse();

        tenants.clock.advance(Duration.ofDays(1));
        assertThat(mfa.isTrustedDevice(u1, "dev-b")).isFalse();
        assertThat(mfa.isTrustedDevice(u1, "dev-a")).isTrue();

        mfa.addTrustedDevice(u1, "dev-b", Duration.ofDays(1));
        assertThat(mfa.isTrustedDevice(u1, "dev-b")).isTrue();
        assertThat(mfa.removeTrustedDevices(u1)).isEqualTo(2);
        assertThat(mfa.isTrustedDevice(u1, "dev-a")).isFalse();
        assertThatThrownBy(() -> mfa.addTrustedDevice(u1, "d", Duration.ZERO))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void writesForAnUnknownUserAreNotFound() {
        assertThatThrownBy(() -> mfa.upsertTotp(TestTenants.UNKNOWN_USER, Secret.of("S")))
                .isInstanceOf(io.tenantstore.NotFoundException.class);
        assertThatThrownBy(() -> mfa.setRecoveryCodes(TestTenants.UNKNOWN_USER, List.of("c")))
                .isInstanceOf(io.tenantstore.NotFoundException.class);
        assertThatThrownBy(() -> mfa.addTrustedDevice(TestTenants.UNKNOWN_USER, "d", Duration.ofDays(1)))
                .isInstanceOf(io.tenantstore.NotFoundException.class);
    }

    @Test
    void theTotpSeedNeverShowsInToString() {
        MfaTotp t = mfa.upsertTotp(u1, Secret.of("TOPSECRETSEED"));

        assertThat(t.toString()).doesNotContain("TOPSECRETSEED");
    }
}
