package io.tenantstore.mongodb.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class IndexMigrationsTest {
    @Test
    void theShippedMigrationsLeadEveryIndexWithTheTenantAndNameEachOnce() {
        Set<String> names = new HashSet<>();
        for (IndexMigrations.Migration m : IndexMigrations.ALL) {
            for (IndexMigrations.Change c : m.changes()) {
                if (c instanceof IndexMigrations.CreateIndex create) {
                    assertThat(create.keys().get(0)).as(create.name()).isEqualTo(StoreCollections.TENANT_ID);
                    assertThat(names.add(c.collection() + "." + c.name())).as(c.name()).isTrue();
                }
            }
        }
        assertThat(new IndexMigrations(IndexMigrations.ALL, Clock.systemUTC()).latestVersion()).isEqualTo(4);
    }

    @Test
    void everyUniqueRuleOfTheRepositoriesHasAUniqueIndex() {
        List<String> unique = IndexMigrations.ALL.stream().flatMap(m -> m.changes().stream())
                .filter(c -> c instanceof IndexMigrations.CreateIndex ci && ci.unique())
                .map(c -> c.collection() + ":" + String.join(",", ((IndexMigrations.CreateIndex) c).keys())).toList();

        assertThat(unique).contains("users:tenantId,emailLower", "refresh_tokens:tenantId,tokenHash",
                "roles:tenantId,name", "mfa_recovery_codes:tenantId,userId,codeHash",
                "consents:tenantId,userId,clientId", "user_roles:tenantId,userId,roleName",
                "mfa_totp:tenantId,userId", "mfa_trusted_devices:tenantId,userId,deviceHash",
                "one_time_tokens:tenantId,tokenHash", "identities:tenantId,provider,subject");
    }

    @Test
    void anIndexNotLedByTheTenantIsRefused() {
        assertThatThrownBy(() -> new IndexMigrations.CreateIndex("users", "ix_email", List.of("emailLower"), false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tenantId");
    }

    @Test
    void versionsMustBePositiveAndIncrease() {
        IndexMigrations.Migration one = new IndexMigrations.Migration(1, "a", List.of());
        IndexMigrations.Migration two = new IndexMigrations.Migration(2, "b", List.of());

        assertThat(new IndexMigrations(List.of(one, two), Clock.systemUTC()).latestVersion()).isEqualTo(2);
        assertThat(new IndexMigrations(List.of(), Clock.systemUTC()).latestVersion()).isZero();
        assertThatThrownBy(() -> new IndexMigrations(List.of(two, one), Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IndexMigrations(List.of(one, one), Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IndexMigrations.Migration(0, "zero", List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
