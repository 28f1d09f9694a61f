package io.tenantstore.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import io.tenantstore.SecretException;
import io.tenantstore.TenantNotFoundException;
import io.tenantstore.core.yaml.EnvSecretResolver;
import io.tenantstore.core.yaml.KeyringSecretResolver;
import io.tenantstore.core.yaml.SecretCodecs;
import io.tenantstore.core.secret.Keyring;
import io.tenantstore.fs.internal.FsControlPlane;
import io.tenantstore.core.keys.SigningKeyService;
import io.tenantstore.model.SignatureResult;
import io.tenantstore.model.SigningKey;
import io.tenantstore.model.SigningKeyAlgorithm;
import io.tenantstore.model.SigningKeyState;
import io.tenantstore.repository.SigningKeyRepository;
import io.tenantstore.model.NewTenant;
import io.tenantstore.spi.ControlPlaneConfig;
import io.tenantstore.testkit.conformance.FakeClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FsSigningKeysTest {
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    @TempDir
    Path tmp;
    final FakeClock clock = new FakeClock(Instant.parse("2026-11-21T10:00:00Z"));
    final Keyring keyring = Keyring.generate();

    @BeforeEach
    void tenants() {
        ControlPlaneConfig config = new ControlPlaneConfig(tmp, true, Clock.systemUTC(),
                SecretCodecs.toCodec(new KeyringSecretResolver(keyring, EnvSecretResolver.system())));
        try (FsControlPlane plane = FsControlPlane.open(config)) {
            plane.tenants().create(NewTenant.of("acme", "Acme"));
            plane.tenants().create(NewTenant.of("globex", "Globex"));
        }
    }

    /** A compact JWS built with the JDK Signature API and the private key the store signs with. */
    private static String jwt(SigningKeyRepository keys, String slug, String payload) {
        SigningKey active = keys.list(slug).stream().filter(k -> k.state() == SigningKeyState.ACTIVE)
                .findFirst().orElseThrow();
        String header = URL.encodeToString(("{\"alg\":\"" + active.algorithm().jwsName() + "\",\"kid\":\""
                + active.kid() + "\"}").getBytes(StandardCharsets.UTF_8));
        String input = header + "." + URL.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        SignatureResult sig = keys.sign(slug, input.getBytes(StandardCharsets.US_ASCII));
        assertThat(sig.kid()).isEqualTo(active.kid());
        return input + "." + URL.encodeToString(sig.signature());
    }

    /** Verifies a compact JWS independently with the JDK against the tenant's verification keys. */
    private static boolean verifies(SigningKeyRepository keys, String slug, String jws) throws Exception {
        String[] parts = jws.split("\\.");
        String header = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
        String kid = header.replaceAll(".*\"kid\":\"([^\"]+)\".*", "$1");
        byte[] input = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
        byte[] sig = Base64.getUrlDecoder().decode(parts[2]);
        boolean viaJdk = false;
        for (SigningKey k : keys.verificationKeys(slug)) {
            if (k.kid().equals(kid)) {
                Signature s = Signature.getInstance(k.algorithm().signatureAlgorithm());
                s.initVerify(k.publicKey());
                s.update(input);
                viaJdk = s.verify(sig);
            }
        }
        assertThat(keys.verify(slug, kid, input, sig)).isEqualTo(viaJdk);
        return viaJdk;
    }

    @ParameterizedTest
    @EnumSource(SigningKeyAlgorithm.class)
    void aTokenSignedBeforeRotationVerifiesDuringGraceAndNotAfter(SigningKeyAlgorithm alg) throws Exception {
        SigningKeyRepository keys = FsSigningKeys.open(tmp, keyring, clock);
        SigningKey first = keys.generate("acme", alg);
        assertThat(first.state()).isEqualTo(SigningKeyState.ACTIVE);
        String before = jwt(keys, "acme", "{\"sub\":\"u1\"}");
        assertThat(verifies(keys, "acme", before)).isTrue();

        SigningKey second = keys.rotate("acme", alg, Duration.ofHours(1));
        assertThat(second.kid()).isNotEqualTo(first.kid());
        assertThat(keys.list("acme")).extracting(SigningKey::state)
                .containsExactly(SigningKeyState.RETIRING, SigningKeyState.ACTIVE);
        clock.advance(Duration.ofMinutes(59));
        assertThat(verifies(keys, "acme", before)).isTrue();
        assertThat(keys.jwks("acme")).contains(first.kid(), second.kid());
        String after = jwt(keys, "acme", "{\"sub\":\"u2\"}");
        assertThat(after.split("\\.")[0]).isNotEqualTo(before.split("\\.")[0]);

        clock.advance(Duration.ofMinutes(1));
        assertThat(verifies(keys, "acme", before)).isFalse();
        assertThat(verifies(keys, "acme", after)).isTrue();
        assertThat(keys.list("acme")).extracting(SigningKey::state)
                .containsExactly(SigningKeyState.RETIRED, SigningKeyState.ACTIVE);
        assertThat(keys.jwks("acme")).contains(second.kid()).doesNotContain(first.kid());
        assertThat(keys.verificationKeys("acme")).extracting(SigningKey::kid).containsExactly(second.kid());
    }

    @Test
    void rotationPromotesTheNextKeyAndJwksListsExactlyTheVerifyingKeys() {
        SigningKeyRepository keys = FsSigningKeys.open(tmp, keyring, clock);
        SigningKey active = keys.generate("acme", SigningKeyAlgorithm.ES256);
        SigningKey next = keys.generate("acme", SigningKeyAlgorithm.EDDSA);
        assertThat(next.state()).isEqualTo(SigningKeyState.NEXT);
        assertThat(keys.jwks("acme")).isEqualTo("{\"keys\":[" + jwkOf(keys, active) + "]}");

        SigningKey promoted = keys.rotate("acme", SigningKeyAlgorithm.RS256, Duration.ofMinutes(10));
        assertThat(promoted.kid()).isEqualTo(next.kid());
        assertThat(promoted.algorithm()).isEqualTo(SigningKeyAlgorithm.EDDSA);
        String jwks = keys.jwks("acme");
        assertThat(jwks).startsWith("{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"")
                .contains("\"kid\":\"" + active.kid() + "\",\"use\":\"sig\",\"alg\":\"ES256\"}")
                .contains("{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"")
                .contains("\"kid\":\"" + next.kid() + "\",\"use\":\"sig\",\"alg\":\"EdDSA\"}")
                .doesNotContain("\"d\"");
        assertThat(keys.list("acme")).filteredOn(k -> k.state() == SigningKeyState.ACTIVE).hasSize(1);

        // a rotation with no next key generates a fresh RSA key with n and e
        keys.rotate("acme", SigningKeyAlgorithm.RS256, Duration.ZERO);
        assertThat(keys.jwks("acme")).contains("\"kty\":\"RSA\",\"n\":\"").contains("\"e\":\"AQAB\"")
                .contains(active.kid()).doesNotContain(next.kid());
        assertThat(keys.list("acme")).hasSize(3);
    }

    private static String jwkOf(SigningKeyRepository keys, SigningKey k) {
        return SigningKeyService.jwk(k);
    }

    @Test
    void keysOfOneTenantNeitherSignNorVerifyForAnother() throws Exception {
        SigningKeyRepository keys = FsSigningKeys.open(tmp, keyring, clock);
        keys.generate("acme", SigningKeyAlgorithm.EDDSA);
        keys.generate("globex", SigningKeyAlgorithm.EDDSA);
        String acmeToken = jwt(keys, "acme", "{}");
        assertThat(verifies(keys, "acme", acmeToken)).isTrue();
        assertThat(verifies(keys, "globex", acmeToken)).isFalse();
        // acme's encrypted private key copied into globex's file does not decrypt there
        Path acmeFile = tmp.resolve("tenants/acme/keys.yaml");
        Path globexFile = tmp.resolve("tenants/globex/keys.yaml");
        String acmePriv = Files.readString(acmeFile).replaceAll("(?s).*private: (\\S+).*", "$1");
        String globex = Files.readString(globexFile).replaceAll("private: \\S+", "private: " + acmePriv);
        Files.writeString(globexFile, globex);
        assertThatThrownBy(() -> keys.sign("globex", new byte[] {1})).isInstanceOf(SecretException.class)
                .hasMessageContaining("globex");
    }

    @Test
    void noPrivateKeyMaterialInClearInTheFileOrInMessages() throws Exception {
        SigningKeyRepository keys = FsSigningKeys.open(tmp, keyring, clock);
        SigningKey k = keys.generate("acme", SigningKeyAlgorithm.RS256);
        String privatePkcs8 = keyring.decrypt("acme", "signingKeys." + k.kid() + ".privateKey",
                Files.readString(tmp.resolve("tenants/acme/keys.yaml")).replaceAll("(?s).*private: (\\S+).*", "$1"))
                .reveal();
        String yaml = Files.readString(tmp.resolve("tenants/acme/keys.yaml"));
        assertThat(yaml).contains("private: enc:").doesNotContain(privatePkcs8)
                .doesNotContain(privatePkcs8.substring(100, 140)).doesNotContain("BEGIN");
        assertThat(k.toString()).doesNotContain(privatePkcs8.substring(100, 140));
        Files.writeString(tmp.resolve("tenants/acme/keys.yaml"), yaml.replace("private: enc:",
                "private: " + privatePkcs8.substring(0, 20) + "x"));
        assertThatThrownBy(() -> keys.list("acme")).hasMessageContaining("enc:")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(privatePkcs8.substring(0, 20)));
    }

    @Test
    void aStoreWithoutKeyringRefusesGenerationNamingTheSetting() {
        SigningKeyRepository keys = FsSigningKeys.open(tmp, null, clock);
        assertThatThrownBy(() -> keys.generate("acme", SigningKeyAlgorithm.ES256))
                .isInstanceOf(SecretException.class).hasMessageContaining("secrets");
        assertThat(tmp.resolve("tenants/acme/keys.yaml")).doesNotExist();
        assertThat(keys.list("acme")).isEmpty();
        assertThatThrownBy(() -> keys.list("nobody")).isInstanceOf(TenantNotFoundException.class);
        assertThatThrownBy(() -> FsSigningKeys.open(tmp, keyring, clock)
                .rotate("acme", SigningKeyAlgorithm.ES256, Duration.ofSeconds(-1)))
                .isInstanceOf(io.tenantstore.InvalidInputException.class);
        assertThat(tmp.resolve("tenants/acme/keys.yaml")).doesNotExist();
        assertThat(List.of(SigningKeyAlgorithm.parse("es256"), SigningKeyAlgorithm.parse("EdDSA")))
                .containsExactly(SigningKeyAlgorithm.ES256, SigningKeyAlgorithm.EDDSA);
    }

    @Test
    void reEncryptAllMovesPrivateKeysToTheNewPrimaryKeyringKey() throws Exception {
        SigningKeyRepository keys = FsSigningKeys.open(tmp, keyring, clock);
        keys.generate("acme", SigningKeyAlgorithm.ES256);
        keys.generate("globex", SigningKeyAlgorithm.EDDSA);
        int old = keyring.primaryKeyId();
        int fresh = keyring.addKey();
        keyring.promote(fresh);
        assertThat(FsSigningKeys.reEncrypt(tmp, keyring)).isEqualTo(2);
        keyring.disable(old);
        String acmeToken = jwt(keys, "acme", "{}");
        assertThat(verifies(keys, "acme", acmeToken)).isTrue();
        assertThat(verifies(keys, "globex", jwt(keys, "globex", "{}"))).isTrue();
    }
}
