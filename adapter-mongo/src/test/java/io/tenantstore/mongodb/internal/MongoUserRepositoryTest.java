package io.tenantstore.mongodb.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.UUID;

import io.tenantstore.InvalidInputException;
import org.junit.jupiter.api.Test;

/** The repository's pure helpers; its database behaviour is in {@link MongoUserRepositoryIT}. */
class MongoUserRepositoryTest {
    @Test
    void cursorsRoundTripAndForgedOnesAreRefused() {
        String id = UUID.randomUUID().toString();

        assertThat(MongoUserRepository.decodeCursor(MongoUserRepository.encodeCursor(id))).isEqualTo(id);
        assertThat(MongoUserRepository.encodeCursor(id)).doesNotContain(id);
        String notAUuid = Base64.getUrlEncoder().encodeToString("u:not-a-uuid".getBytes());
        String noPrefix = Base64.getUrlEncoder().encodeToString(id.getBytes());
        for (String bad : new String[] {"%%%", notAUuid, noPrefix, ""}) {
            assertThatThrownBy(() -> MongoUserRepository.decodeCursor(bad))
                    .as(bad).isInstanceOf(InvalidInputException.class).hasMessageContaining("cursor");
        }
    }
}
