package io.tenantstore.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RowSecurityTest {
    @Test
    void switchingNeedsItsEntryItsCheckAndAKey() {
        assertThatThrownBy(() -> new RowSecurity("T ?", "S ?", "R", "classpath:x", "E ?", "K", "B", "O", "", "SW ?", ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("go together");
        assertThatThrownBy(() -> new RowSecurity("T ?", "S ?", "R", "classpath:x", "E ?", "K", "B", "O", "M ?, ?",
                "SW ?", "")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("go together");
        assertThatThrownBy(() -> new RowSecurity("T ?", "S ?", "R", "classpath:x", "E ?", "", "B", "O", "M ?, ?",
                "SW ?", "C")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key");
        assertThat(StubDialect.SWITCHING_ROW_SECURITY.switches()).isTrue();
        assertThat(StubDialect.ROW_SECURITY.switches()).isFalse();
        assertThat(StubDialect.ROW_SECURITY.withoutSwitch()).isSameAs(StubDialect.ROW_SECURITY);
    }

    @Test
    void aSessionValueIsBoundToItsServerProcessAndKeyAndCannotPassForATenantValue() {
        String session = RowSecurity.signedSession("key", 17);
        assertThat(session).matches("17\\.[0-9a-f]{64}");
        assertThat(session).isNotEqualTo(RowSecurity.signedSession("key", 18))
                .isNotEqualTo(RowSecurity.signedSession("key2", 17))
                // the tag of a tenant value over the same text is another hash (domain separated by ':store:')
                .isNotEqualTo(RowSecurity.signedTenant("key", "17"));
    }
}
