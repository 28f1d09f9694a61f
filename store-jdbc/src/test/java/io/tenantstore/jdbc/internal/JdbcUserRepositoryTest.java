package io.tenantstore.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JdbcUserRepositoryTest {
    @Test
    void searchEscapesLikeWildcardsAndTheEscapeCharacter() {
        assertThat(JdbcUserRepository.escapeLike("100%_done!")).isEqualTo("100!%!_done!!");
        assertThat(JdbcUserRepository.escapeLike("plain")).isEqualTo("plain");
    }
}
