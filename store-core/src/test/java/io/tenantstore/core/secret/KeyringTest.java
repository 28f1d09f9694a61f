package io.tenantstore.core.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import io.tenantstore.InvalidInputException;
import io.tenantstore.Secret;
import io.tenantstore.SecretException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyringTest {
    private static final String VALUE = "db-pw-Zq8s3cr3t";
    private static final String TENANT = "acme";
    private static final String FIELD = "database.password";

    @TempDir
    Path dir;

    private final Keyring keyring = Keyring.generate();

    @Test
    void encryptsToAnEncValueThatDecryptsForTheSameTenantAndField() {
        String enc = keyring.encrypt(TENANT, FIELD, Secret.of(VALUE));

        assertThat(enc).startsWith("enc:").doesNotContain(VALUE);
        assertThat(Keyring.isEncrypted(enc)).isTrue();
        Secret back = keyring.decrypt(TENANT, FIELD, enc);
        assertThat(back.reveal()).isEqualTo(VALUE);
        assertThat(back.reference()).as("written back as the same enc: value").contains(enc);
        assertThat(keyring.encrypt(TENANT, FIELD, Secret.of(VALUE))).as("a fresh nonce each time").isNotEqualTo(enc);
        assertThat(Keyring.keyIdOf(enc)).hasValue(keyring.primaryKeyId());
    }

    @Test
    void aValueCopiedToAnotherTenantOrFieldDoesNotDecrypt() {
        String enc = keyring.encrypt(TENANT, FIELD, Secret.of(VALUE));

        assertThatThrownBy(() -> keyring.decrypt("globex", FIELD, enc))
                .isInstanceOf(SecretException.class)
                .hasMessage("secret of tenant 'globex', field 'database.password' could not be decrypted with key "
                        + Integer.toUnsignedString(keyring.primaryKeyId())
                        + ": it was encrypted for another tenant or field, or altered");
        assertThatThrownBy(() -> keyring.decrypt(TENANT, "settings.smtp.password", enc))
                .isInstanceOf(SecretException.class)
                .hasMessageContaining("tenant 'acme', field 'settings.smtp.password'")
                .hasMessageNotContaining(VALUE);
    }

    @Test
    void malformedOrAlteredValuesAreRefusedNamingTenantAndField() {
        String enc = keyring.encrypt(TENANT, FIELD, Secret.of(VALUE));
        byte[] raw = Base64.getDecoder().decode(enc.substring(4));
        raw[raw.length - 1] ^= 1;
        String altered = "enc:" + Base64.getEncoder().encodeToString(raw);

        assertThatThrownBy(() -> keyring.decrypt(TENANT, FIELD, altered)).isInstanceOf(SecretException.class)
                .hasMessageContaining("or altered");
        assertThatThrownBy(() -> keyring.decrypt(TENANT, FIELD, "enc:not base64!"))
                .hasMessage("secret of tenant 'acme', field 'database.password' is not valid base64 after enc:");
        assertThatThrownBy(() -> keyring.decrypt(TENANT, FIELD, "enc:" + Base64.getEncoder().encodeToString(new byte[8])))
                .hasMessage("secret of tenant 'acme', field 'database.password' is not a value encrypted by a TenantStore keyring");
        assertThatThrownBy(() -> keyring.decrypt(TENANT, FIELD, VALUE))
                .hasMessage("secret of tenant 'acme', field 'database.password' is not an encrypted value (enc:...)")
                .hasMessageNotContaining(VALUE);
        assertThatThrownBy(() -> keyring.encrypt(" ", FIELD, Secret.of(VALUE))).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> keyring.encrypt(TENANT, "a\0b", Secret.of(VALUE))).isInstanceOf(InvalidInputException.class);
        assertThat(Keyring.keyIdOf("enc:???")).isEmpty();
        assertThat(Keyring.keyIdOf("${X}")).isEmpty();
    }

    @Test
    void rotationAddsPromotesReEncryptsAndDisablesTheOldKey() {
        int oldKey = keyring.primaryKeyId();
        String underOld = keyring.encrypt(TENANT, FIELD, Secret.of(VALUE));

        int newKey = keyring.addKey();
        assertThat(newKey).isNotEqualTo(oldKey);
        assertThat(keyring.keys()).containsExactlyInAnyOrder(
                new Keyring.KeyInfo(oldKey, Keyring.KeyStatus.ENABLED, true),
                new Keyring.KeyInfo(newKey, Keyring.KeyStatus.ENABLED, false));
        assertThat(Keyring.keyIdOf(keyring.encrypt(TENANT, FIELD, Secret.of(VALUE)))).as("not primary yet").hasValue(oldKey);

        keyring.promote(newKey);
        assertThat(keyring.primaryKeyId()).isEqualTo(newKey);
        assertThat(keyring.decrypt(TENANT, FIELD, underOld).reveal()).as("old values still decrypt").isEqualTo(VALUE);

        String moved = keyring.reEncrypt(TENANT, FIELD, underOld);
        assertThat(Keyring.keyIdOf(moved)).hasValue(newKey);
        assertThat(keyring.reEncrypt(TENANT, FIELD, moved)).as("already under the primary").isSameAs(moved);
        assertThatThrownBy(() -> keyring.reEncrypt("globex", FIELD, underOld)).isInstanceOf(SecretException.class);

        keyring.disable(oldKey);
        assertThat(keyring.decrypt(TENANT, FIELD, moved).reveal()).isEqualTo(VALUE);
        assertThatThrownBy(() -> keyring.decrypt(TENANT, FIELD, underOld))
                .isInstanceOf(SecretException.class)
                .hasMessage("secret of tenant 'acme', field 'database.password' is encrypted under key "
                        + Integer.toUnsignedString(oldKey) + ", which is disabled in the keyring (generated keyset);"
                        + " enable it, or re-encrypt values before disabling their key");

        keyring.enable(oldKey);
        assertThat(keyring.decrypt(TENANT, FIELD, underOld).reveal()).isEqualTo(VALUE);
        keyring.disable(oldKey);
        keyring.delete(oldKey);
        assertThat(keyring.keys()).containsExactly(new Keyring.KeyInfo(newKey, Keyring.KeyStatus.ENABLED, true));
        assertThatThrownBy(() -> keyring.decrypt(TENANT, FIELD, underOld))
                .isInstanceOf(SecretException.class)
                .hasMessage("secret of tenant 'acme', field 'database.password' is encrypted under key "
                        + Integer.toUnsignedString(oldKey) + ", which is not in the keyring (generated keyset)");
    }

    @Test
    void aValueFromAnotherKeyringIsUnderAnUnknownKey() {
        String foreign = Keyring.generate().encrypt(TENANT, FIELD, Secret.of(VALUE));

        assertThatThrownBy(() -> keyring.decrypt(TENANT, FIELD, foreign))
                .isInstanceOf(SecretException.class)
                .hasMessageContaining("tenant 'acme', field 'database.password' is encrypted under key")
                .hasMessageEndingWith("which is not in the keyring (generated keyset)");
    }

    @Test
    void keyManagementRefusesUnsafeSteps() {
        int primary = keyring.primaryKeyId();
        int other = keyring.addKey();

        assertThatThrownBy(() -> keyring.disable(primary)).isInstanceOf(SecretException.class)
                .hasMessageContaining("is the primary; make another key primary before you disable it");
        assertThatThrownBy(() -> keyring.delete(primary)).isInstanceOf(SecretException.class)
                .hasMessageContaining("is the primary");
        assertThatThrownBy(() -> keyring.delete(other)).isInstanceOf(SecretException.class)
                .hasMessageContaining("is enabled; disable it");
        keyring.disable(other);
        assertThatThrownBy(() -> keyring.promote(other)).isInstanceOf(SecretException.class)
                .hasMessageContaining("is disabled; enable it before making it primary");
        assertThatThrownBy(() -> keyring.promote(42)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("has no key 42; its keys are [")
                .hasMessageContaining(Integer.toUnsignedString(primary));
    }

    @Test
    void exportsAKeysetThatReadsBackFromJsonFileAndEnvironment() throws Exception {
        keyring.addKey();
        String enc = keyring.encrypt(TENANT, FIELD, Secret.of(VALUE));
        Secret json = keyring.exportJson();
        assertThat(json.toString()).doesNotContain("key");

        Keyring fromJson = Keyring.fromJson(json.reveal(), "test");
        assertThat(fromJson.keys()).isEqualTo(keyring.keys());
        assertThat(fromJson.decrypt(TENANT, FIELD, enc).reveal()).isEqualTo(VALUE);

        Path file = dir.resolve("keyset.json");
        Files.writeString(file, json.reveal());
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertThat(Keyring.fromFile(file).decrypt(TENANT, FIELD, enc).reveal()).isEqualTo(VALUE);

        String base64 = Base64.getEncoder().encodeToString(json.reveal().getBytes(StandardCharsets.UTF_8));
        Map<String, String> env = Map.of("KEYSET_JSON", json.reveal(), "KEYSET_B64", base64);
        assertThat(Keyring.fromEnv("KEYSET_JSON", env::get).decrypt(TENANT, FIELD, enc).reveal()).isEqualTo(VALUE);
        Keyring fromEnv = Keyring.fromEnv("KEYSET_B64", env::get);
        assertThat(fromEnv.decrypt(TENANT, FIELD, enc).reveal()).isEqualTo(VALUE);
        assertThat(fromEnv.toString()).startsWith("Keyring[environment variable KEYSET_B64, keys=2, primary=");
    }

    @Test
    void badKeysetSourcesAreReportedWithoutTheirContent() throws Exception {
        Path missing = dir.resolve("missing.json");
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\"primaryKeyId\": 1, \"key\": [{\"keyData\": {\"value\": \"TOPSECRETKEYBYTES");

        assertThatThrownBy(() -> Keyring.fromFile(missing)).isInstanceOf(SecretException.class)
                .hasMessage("keyset file " + missing + " does not exist");
        assertThatThrownBy(() -> Keyring.fromFile(broken)).isInstanceOf(SecretException.class)
                .hasMessageStartingWith("keyset file " + broken + " is not a valid Tink JSON keyset")
                .hasMessageNotContaining("TOPSECRET")
                .hasNoCause();
        assertThatThrownBy(() -> Keyring.fromEnv("UNSET", n -> null)).isInstanceOf(SecretException.class)
                .hasMessage("environment variable UNSET (the keyset) is not set");
        assertThatThrownBy(() -> Keyring.fromEnv("KS", n -> "%%%")).isInstanceOf(SecretException.class)
                .hasMessage("environment variable KS does not hold a Tink JSON keyset (JSON, or JSON in base64)");
        assertThatThrownBy(() -> Keyring.fromEnv("1BAD", n -> "{}")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'1BAD'");
    }

    @Test
    void aDamagedKeyEntryOrAMissingPrimaryIsNamedWithTheFileAndNoKeyMaterial() throws Exception {
        String json = keyring.exportJson().reveal();
        Matcher value = Pattern.compile("\"value\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        assertThat(value.find()).isTrue();
        String material = value.group(1);
        Path damaged = dir.resolve("damaged.json");
        // the key data cut short: the JSON parses, the entry does not
        Files.writeString(damaged, json.replace(material, material.substring(0, 20)));
        assertThatThrownBy(() -> Keyring.fromFile(damaged)).isInstanceOf(SecretException.class)
                .hasMessage("keyset file " + damaged + ": key number 1 of 1 is damaged (its key data does not parse);"
                        + " restore the keyset from a copy")
                .hasNoCause()
                .hasMessageNotContaining(material.substring(0, 20));
        Path noPrimary = dir.resolve("no-primary.json");
        Files.writeString(noPrimary, json.replaceFirst("\"primaryKeyId\"\\s*:\\s*\\d+", "\"primaryKeyId\": 12345"));
        assertThatThrownBy(() -> Keyring.fromFile(noPrimary)).isInstanceOf(SecretException.class)
                .hasMessage("keyset file " + noPrimary + ": no enabled key has the keyset's primaryKeyId");
    }

    @Test
    void onlyAes256GcmKeysetsAreAccepted() throws Exception {
        AeadConfig.register();
        String aes128 = TinkJsonProtoKeysetFormat.serializeKeyset(
                KeysetHandle.generateNew(PredefinedAeadParameters.AES128_GCM, RegistryConfiguration.get()),
                RegistryConfiguration.get(), InsecureSecretKeyAccess.get());

        assertThatThrownBy(() -> Keyring.fromJson(aes128, "test keyset"))
                .isInstanceOf(SecretException.class)
                .hasMessageContaining("test keyset: key ")
                .hasMessageContaining("is not an AES-256-GCM key with a Tink prefix");
    }

    @Test
    void toStringNeverShowsKeyMaterial() {
        keyring.addKey();
        String json = keyring.exportJson().reveal();
        Matcher m = Pattern.compile("\"value\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        List<String> keyValues = m.results().map(r -> r.group(1)).toList();
        assertThat(keyValues).hasSize(2);

        String shown = keyring.toString();

        assertThat(shown).isEqualTo("Keyring[generated keyset, keys=2, primary="
                + Integer.toUnsignedString(keyring.primaryKeyId()) + "]");
        keyValues.forEach(v -> assertThat(shown).doesNotContain(v));
        assertThat(keyring.keys().toString()).doesNotContain(keyValues.get(0));
    }

    @Test
    void theDataCipherBindsEachValueToTenantOwnerAndFieldApartFromYamlValues() {
        Keyring keyring = Keyring.generate();
        io.tenantstore.spi.DataSecretCipher cipher = keyring.dataCipher();
        String stored = cipher.encrypt("t-1", "u-1", "mfa.totp", Secret.of("JBSWY3DPEHPK3PXP"));
        assertThat(stored).startsWith("enc:").doesNotContain("JBSWY3DPEHPK3PXP");
        assertThat(cipher.decrypt("t-1", "u-1", "mfa.totp", stored).reveal()).isEqualTo("JBSWY3DPEHPK3PXP");
        assertThatThrownBy(() -> cipher.decrypt("t-2", "u-1", "mfa.totp", stored)).isInstanceOf(SecretException.class)
                .hasMessageNotContaining("JBSWY3DPEHPK3PXP");
        assertThatThrownBy(() -> cipher.decrypt("t-1", "u-2", "mfa.totp", stored)).isInstanceOf(SecretException.class);
        assertThatThrownBy(() -> cipher.decrypt("t-1", "u-1", "other", stored)).isInstanceOf(SecretException.class);
        // A YAML value and a row value never stand in for each other.
        String yaml = keyring.encrypt("t-1", "u-1", Secret.of("JBSWY3DPEHPK3PXP"));
        assertThatThrownBy(() -> cipher.decrypt("t-1", "u-1", "mfa.totp", yaml)).isInstanceOf(SecretException.class);
        assertThatThrownBy(() -> keyring.decrypt("t-1", "u-1", stored)).isInstanceOf(SecretException.class);
        assertThatThrownBy(() -> cipher.decrypt("t-1", "u-1", "mfa.totp", "JBSWY3DPEHPK3PXP"))
                .isInstanceOf(SecretException.class).hasMessageNotContaining("JBSWY3DPEHPK3PXP");
    }

    @Test
    void withoutAKeyringDataSecretsAreRefusedNamingTheSetting() {
        assertThatThrownBy(() -> io.tenantstore.spi.DataSecretCipher.none().encrypt("t", "u", "mfa.totp",
                Secret.of("S"))).isInstanceOf(SecretException.class).hasMessageContaining("secrets: { keyset:");
    }
}
