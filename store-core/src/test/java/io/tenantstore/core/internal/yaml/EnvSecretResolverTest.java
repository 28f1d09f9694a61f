package io.tenantstore.core.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import io.tenantstore.ErrorCode;
import io.tenantstore.InvalidInputException;
import io.tenantstore.Secret;
import io.tenantstore.SecretException;
import io.tenantstore.StoreException;
import org.junit.jupiter.api.Test;

class EnvSecretResolverTest {
    private static final SecretSite READ = new SecretSite("acme", "database.password", "tenants/acme/tenant.yaml:12");
    private static final SecretSite WRITE = new SecretSite("acme", "database.password", "tenants/acme/tenant.yaml");

    private final EnvSecretResolver resolver = new EnvSecretResolver(Map.of("DB_PASS", "s3cr3t-value")::get);

    @Test
    void resolvesAnEnvironmentReferenceAndRemembersIt() {
        Secret secret = resolver.resolve("${DB_PASS}", READ);
        assertThat(secret.reveal()).isEqualTo("s3cr3t-value");
        assertThat(secret.reference()).contains("${DB_PASS}");
        assertThat(resolver.reference(secret, WRITE)).isEqualTo("${DB_PASS}");
    }

    @Test
    void missingVariableNamesTheVariableAndTheFile() {
        assertThatThrownBy(() -> resolver.resolve("${NOT_SET}", READ))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("tenants/acme/tenant.yaml:12: database.password refers to environment variable NOT_SET,"
                        + " which is not set");
    }

    @Test
    void emptyVariableCountsAsMissing() {
        EnvSecretResolver empty = new EnvSecretResolver(Map.of("E", "")::get);
        assertThatThrownBy(() -> empty.resolve("${E}", READ)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("environment variable E");
    }

    @Test
    void encryptedValuesNeedAKeyring() {
        assertThatThrownBy(() -> resolver.resolve("enc:AbCdEf0123", READ))
                .isInstanceOf(SecretException.class)
                .hasMessageContaining("tenants/acme/tenant.yaml:12")
                .hasMessageContaining("need a keyring (secrets: in store.yaml)")
                .hasMessageNotContaining("AbCdEf0123")
                .satisfies(e -> assertThat(((StoreException) e).code()).isEqualTo(ErrorCode.SECRET));
    }

    @Test
    void clearTextIsRefusedWithoutQuotingIt() {
        assertThatThrownBy(() -> resolver.resolve("hunter2", READ))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("tenants/acme/tenant.yaml:12: database.password must not be stored in clear;"
                        + " use ${ENV_VAR} (or an enc: value with a keyring)")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void malformedReferenceIsRefusedWithoutQuotingIt() {
        assertThatThrownBy(() -> resolver.resolve("${DB-PASS}", READ))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("not a valid environment reference");
        assertThatThrownBy(() -> resolver.resolve("pre${DB_PASS}", READ))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageNotContaining("pre$");
    }

    @Test
    void aSecretWithoutReferenceIsNeverWrittenInClear() {
        assertThatThrownBy(() -> resolver.reference(Secret.of("clear-value"), WRITE))
                .isInstanceOf(SecretException.class)
                .hasMessage("tenants/acme/tenant.yaml: database.password can only be written as a ${ENV_VAR} reference"
                        + " until a keyring is configured (secrets: in store.yaml); it is never written in clear")
                .hasMessageNotContaining("clear-value");
    }

    @Test
    void anEncryptedReferenceCannotBeWrittenWithoutAKeyring() {
        assertThatThrownBy(() -> resolver.reference(Secret.referenced("v", "enc:xyz"), WRITE))
                .isInstanceOf(SecretException.class);
    }

    @Test
    void systemResolverReadsTheProcessEnvironment() {
        String name = System.getenv().keySet().stream().filter(EnvSecretResolverTest::usable)
                .filter(n -> !System.getenv(n).isEmpty()).findFirst().orElseThrow();
        Secret secret = EnvSecretResolver.system().resolve("${" + name + "}", READ);
        assertThat(secret.reveal()).isEqualTo(System.getenv(name));
    }

    private static boolean usable(String name) {
        return EnvSecretResolver.isReference("${" + name + "}");
    }
}
