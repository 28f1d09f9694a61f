package io.tenantstore.fs.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.tenantstore.core.yaml.YamlLoader;
import io.tenantstore.model.Scope;
import org.junit.jupiter.api.Test;

class ScopesYamlTest {
    @Test
    void writesTheDocumentedLayoutAndReadsBack() {
        String text = ScopesYaml.write(List.of(new Scope("openid", "Sign in", true), new Scope("billing", "Access to billing", false)));
        assertThat(text).isEqualTo("""
                scopes:
                  - name: billing
                    description: Access to billing
                  - name: openid
                    description: Sign in
                    system: true
                """);
        assertThat(ScopesYaml.read(YamlLoader.DEFAULT.parseMapping(text, "s.yaml")))
                .containsExactly(new Scope("billing", "Access to billing", false), new Scope("openid", "Sign in", true));
    }

    @Test
    void readsTheFlowStyleOfTheDesign() {
        assertThat(ScopesYaml.read(YamlLoader.DEFAULT.parseMapping("""
                scopes:
                  - { name: openid, description: Sign in, system: true }
                  - { name: billing, description: Access to billing }
                """, "s.yaml"))).containsExactly(new Scope("openid", "Sign in", true),
                new Scope("billing", "Access to billing", false));
    }

    @Test
    void systemScopesAreTheFourOfTheModel() {
        assertThat(ScopesYaml.SYSTEM).extracting(Scope::name).containsExactlyInAnyOrderElementsOf(Scope.SYSTEM_SCOPES);
        assertThat(ScopesYaml.SYSTEM).allMatch(Scope::system);
    }
}
