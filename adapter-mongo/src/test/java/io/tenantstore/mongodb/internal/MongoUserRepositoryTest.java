package io.tenantstore.mongodb.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.UUID;
import java.util.regex.Pattern;

import io.tenantstore.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The repository's pure helpers; its database behaviour is in {@link MongoUserRepositoryIT}. */
class MongoUserRepositoryTest {
    @ParameterizedTest
    @ValueSource(strings = {"a.b", "(x)", "a+b*c?", "[ab]", "^start$", "back\\slash", "{2}", "a|b"})
    void searchTextIsMatchedLiterally(String text) {
        Pattern p = Pattern.compile(MongoUserRepository.regexLiteral(text), Pattern.CASE_INSENSITIVE);

        assertThat(p.matcher("xx" + text.toUpperCase() + "yy").find()).isTrue();
        assertThat(p.matcher(text.replace(text.charAt(text.length() - 1), '#')).find()).isFalse();
    }

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
