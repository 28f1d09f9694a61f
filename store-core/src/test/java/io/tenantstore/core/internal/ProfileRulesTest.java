package io.tenantstore.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tenantstore.InvalidInputException;
import io.tenantstore.model.ProfileUpdate;
import io.tenantstore.model.UserProfile;
import io.tenantstore.spi.ProfileRules;
import org.junit.jupiter.api.Test;

class ProfileRulesTest {
    @Test
    void thePrefixBoundIsTheNextStringInCodePointOrder() {
        assertThat(ProfileRules.prefixUpperBound("ana")).isEqualTo("anb");
        assertThat(ProfileRules.prefixUpperBound("a\uD7FF")).isEqualTo("a\uE000");
        assertThat(ProfileRules.prefixUpperBound("a" + new String(Character.toChars(0x1F600))))
                .isEqualTo("a" + new String(Character.toChars(0x1F601)));
        assertThat(ProfileRules.prefixUpperBound("a" + new String(Character.toChars(Character.MAX_CODE_POINT))))
                .isEqualTo("b");
        assertThatThrownBy(() -> ProfileRules.prefixUpperBound(new String(Character.toChars(Character.MAX_CODE_POINT))))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void searchTextIsTrimmedAndLowerCasedAndABlankOneSearchesNothing() {
        assertThat(ProfileRules.searchPrefix("  Ana L ")).isEqualTo("ana l");
        assertThat(ProfileRules.searchPrefix("   ")).isNull();
        assertThat(ProfileRules.searchPrefix(null)).isNull();
    }

    @Test
    void valuesAreCheckedAndTheLocaleMadeCanonical() {
        ProfileUpdate u = ProfileRules.check(ProfileUpdate.builder().locale("pt-br").zoneInfo("UTC")
                .pictureUrl("https://x.example/p.png").phoneNumber("+15550100").build());
        assertThat(u.value(ProfileUpdate.Field.LOCALE)).isEqualTo("pt-BR");
        assertThat(ProfileRules.url("u", "http://127.0.0.1:9000/a")).isEqualTo("http://127.0.0.1:9000/a");
        for (String bad : new String[] {"http://example.com/a", "https:///nohost", "/relative", "javascript:alert(1)"}) {
            assertThatThrownBy(() -> ProfileRules.url("picture URL", bad)).as(bad)
                    .isInstanceOf(InvalidInputException.class);
        }
        assertThatThrownBy(() -> ProfileRules.check(new UserProfile(null, null, null, null, null, null, true, null)))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void metadataMessagesNeverQuoteTheDocument() {
        assertThatThrownBy(() -> ProfileRules.checked(ProfileUpdate.Field.METADATA, "[\"private-value\"]"))
                .isInstanceOf(InvalidInputException.class).hasMessageNotContaining("private-value");
    }
}
