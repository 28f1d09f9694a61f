package io.tenantstore.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RowSecurityTest {
    @Test
    void switchingNeedsItsEntryItsCheckAndAKey() {
        assertThatThrownBy(() -> new RowSecurity("T ?", "S ?", "R", "classpath:x", "E ?", "K", "B", "O", "", "", "SW ?",
                "", "")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("go together");
        assertThatThrownBy(() -> new RowSecurity("T ?", "S ?", "R", "classpath:x", "E ?", "K", "B", "O", "CH", "M ?, ?",
                "SW ?", "", "")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("go together");
        assertThatThrownBy(() -> new RowSecurity("T ?", "S ?", "R", "classpath:x", "E ?", "", "B", "O", "CH", "M ?, ?",
                "SW ?", "C", "")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key");
        assertThat(StubDialect.SWITCHING_ROW_SECURITY.switches()).isTrue();
        assertThat(StubDialect.ROW_SECURITY.switches()).isFalse();
        assertThat(StubDialect.ROW_SECURITY.withoutSwitch()).isSameAs(StubDialect.ROW_SECURITY);
    }

    @Test
    void aProofAnswersOneChallengeUnderOneKeyAndCannotPassForATenantTag() {
        String proof = RowSecurity.storeProof("key", 17);
        assertThat(proof).matches("[0-9a-f]{64}");
        assertThat(proof).isNotEqualTo(RowSecurity.storeProof("key", 18))
                .isNotEqualTo(RowSecurity.storeProof("key2", 17))
                // no tenant text gives a tag equal to a proof: the tag hashes the key first, the proof last
                .isNotEqualTo(RowSecurity.signedTenant("key", "store:17").substring("store:17.".length()))
                .isNotEqualTo(RowSecurity.signedTenant("key", "17").substring("17.".length()));
    }
}
