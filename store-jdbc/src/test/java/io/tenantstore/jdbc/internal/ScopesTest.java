package io.tenantstore.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import io.tenantstore.InvalidInputException;
import org.junit.jupiter.api.Test;

class ScopesTest {
    @Test
    void encodesSpaceSeparatedAndDecodesInOrder() {
        assertThat(Scopes.encode(List.of("openid", "offline_access", "api:read"))).isEqualTo(
                "openid offline_access api:read");
        assertThat(Scopes.decode("openid offline_access")).containsExactly("openid", "offline_access");
        assertThat(Scopes.encode(List.of())).isEmpty();
        assertThat(Scopes.decode("")).isEmpty();
    }

    @Test
    void rejectsScopesThatCouldNotBeDecoded() {
        assertThatThrownBy(() -> Scopes.encode(List.of("two words"))).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> Scopes.encode(List.of(""))).isInstanceOf(InvalidInputException.class);
    }
}
