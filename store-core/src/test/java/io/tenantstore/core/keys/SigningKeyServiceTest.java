package io.tenantstore.core.keys;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.tenantstore.ConflictException;
import io.tenantstore.InvalidInputException;
import io.tenantstore.Secret;
import io.tenantstore.SecretException;
import io.tenantstore.TenantNotFoundException;
import io.tenantstore.core.secret.Keyring;
import io.tenantstore.core.yaml.EnvSecretResolver;
import io.tenantstore.core.yaml.KeyringSecretResolver;
import io.tenantstore.core.yaml.SecretCodecs;
import io.tenantstore.model.SignatureResult;
import io.tenantstore.model.SigningKey;
import io.tenantstore.model.SigningKeyAlgorithm;
import io.tenantstore.model.SigningKeyState;
import io.tenantstore.spi.SecretCodec;
import io.tenantstore.spi.SigningKeyStore;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SigningKeyServiceTest {
    private final Keyring keyring = Keyring.generate();
    private final SecretCodec codec = SecretCodecs.toCodec(new KeyringSecretResolver(keyring, EnvSecretResolver.system()));
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-21T10:00:00Z"), ZoneOffset.UTC);

    /** Keys in a map, compare-and-set on a counter; {@code beforeReplace} runs first, as another writer would. */
    static final class MemoryStore implements SigningKeyStore {
        final Map<String, Snapshot> tenants = new HashMap<>();
        final AtomicInteger writes = new AtomicInteger();
        Runnable beforeReplace = () -> { };
        boolean refuseAll;

        MemoryStore(String... slugs) {
            for (String s : slugs) {
                tenants.put(s, new Snapshot(0, List.of()));
            }
        }

        @Override
        public synchronized Snapshot read(String slug) {
            Snapshot s = tenants.get(slug);
            if (s == null) {
                throw new TenantNotFoundException("no tenant '" + slug + "'");
            }
            return s;
        }

        @Override
        public boolean replace(String slug, long expectedRevision, List<StoredKey> keys) {
            Runnable interference = beforeReplace;
            beforeReplace = () -> { };
            interference.run();
            synchronized (this) {
                if (refuseAll || read(slug).revision() != expectedRevision) {
                    return false;
                }
                tenants.put(slug, new Snapshot(expectedRevision + 1, keys));
                writes.incrementAndGet();
                return true;
            }
        }

        @Override
        public synchronized List<String> slugs() {
            return new ArrayList<>(tenants.keySet());
        }

        @Override
        public String describe(String slug) {
            return "memory:" + slug;
        }
    }

    @Test
    void aRotationThatLosesTheRaceIsRedoneOnTheNewKeysAndLeavesOneActiveKey() {
        MemoryStore store = new MemoryStore("acme");
        SigningKeyService mine = new SigningKeyService(store, codec, clock);
        SigningKeyService other = new SigningKeyService(store, codec, clock);
        SigningKey first = mine.generate("acme", SigningKeyAlgorithm.EDDSA);
        SigningKey[] theirs = new SigningKey[1];
        store.beforeReplace = () -> theirs[0] = other.rotate("acme", SigningKeyAlgorithm.EDDSA, Duration.ofHours(1));
        SigningKey ours = mine.rotate("acme", SigningKeyAlgorithm.ES256, Duration.ofHours(1));
        List<SigningKey> keys = mine.list("acme");
        assertThat(keys).extracting(SigningKey::kid).containsExactly(first.kid(), theirs[0].kid(), ours.kid());
        assertThat(keys).extracting(SigningKey::state).containsExactly(SigningKeyState.RETIRING,
                SigningKeyState.RETIRING, SigningKeyState.ACTIVE);
        assertThat(store.writes).hasValue(3);
    }

    @Test
    void aChangeThatKeepsLosingGivesUpWithAConflictAndWritesNothing() {
        MemoryStore store = new MemoryStore("acme");
        store.refuseAll = true;
        SigningKeyService keys = new SigningKeyService(store, codec, clock);
        assertThatThrownBy(() -> keys.generate("acme", SigningKeyAlgorithm.EDDSA)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("acme").hasMessageContaining(String.valueOf(SigningKeyService.MAX_ATTEMPTS));
        assertThat(store.read("acme").keys()).isEmpty();
    }

    @Test
    void withoutAKeyringKeysAreReadAndVerifiedButNeverMadeOrUsed() {
        MemoryStore store = new MemoryStore("acme");
        SigningKeyService withRing = new SigningKeyService(store, codec, clock);
        SigningKey k = withRing.generate("acme", SigningKeyAlgorithm.ES256);
        byte[] data = {1, 2, 3};
        byte[] sig = withRing.sign("acme", data).signature();
        SigningKeyService noRing = new SigningKeyService(store, null, clock);
        assertThat(noRing.list("acme")).extracting(SigningKey::kid).containsExactly(k.kid());
        assertThat(noRing.verify("acme", k.kid(), data, sig)).isTrue();
        assertThatThrownBy(() -> noRing.generate("acme", SigningKeyAlgorithm.ES256)).isInstanceOf(SecretException.class)
                .hasMessageContaining("secrets");
        assertThatThrownBy(() -> noRing.rotate("acme", SigningKeyAlgorithm.ES256, Duration.ZERO))
                .isInstanceOf(SecretException.class);
        assertThatThrownBy(() -> noRing.sign("acme", data)).isInstanceOf(SecretException.class);
        assertThat(store.writes).hasValue(1);
    }

    @Test
    void aCodecThatDoesNotEncryptIsRefusedBeforeAnythingIsStored() {
        MemoryStore store = new MemoryStore("acme");
        SecretCodec clear = new SecretCodec() {
            @Override
            public Secret decode(String stored, String owner, String field, String location) {
                return Secret.of(stored);
            }

            @Override
            public String encode(Secret secret, String owner, String field, String location) {
                return secret.reveal();
            }
        };
        SigningKeyService keys = new SigningKeyService(store, clear, clock);
        assertThatThrownBy(() -> keys.generate("acme", SigningKeyAlgorithm.EDDSA)).isInstanceOf(SecretException.class)
                .hasMessageContaining("keyring");
        assertThat(store.writes).hasValue(0);
    }

    @Test
    void jwksFollowRfc7517AndRfc8037ForEachAlgorithm() {
        MemoryStore store = new MemoryStore("acme");
        SigningKeyService keys = new SigningKeyService(store, codec, clock);
        SigningKey ed = keys.generate("acme", SigningKeyAlgorithm.EDDSA);
        assertThat(SigningKeyService.jwk(ed)).matches("\\{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"[A-Za-z0-9_-]{43}\","
                + "\"kid\":\"" + ed.kid() + "\",\"use\":\"sig\",\"alg\":\"EdDSA\"}");
        SigningKey ec = keys.rotate("acme", SigningKeyAlgorithm.ES256, Duration.ZERO);
        assertThat(SigningKeyService.jwk(ec)).matches("\\{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"[A-Za-z0-9_-]{43}\","
                + "\"y\":\"[A-Za-z0-9_-]{43}\",\"kid\":\"" + ec.kid() + "\",\"use\":\"sig\",\"alg\":\"ES256\"}");
        SigningKey rsa = keys.rotate("acme", SigningKeyAlgorithm.RS256, Duration.ZERO);
        // a 2048-bit modulus is 256 bytes: 342 base64url characters, no leading zero byte
        assertThat(SigningKeyService.jwk(rsa)).matches("\\{\"kty\":\"RSA\",\"n\":\"[A-Za-z0-9_-]{342}\",\"e\":\"AQAB\","
                + "\"kid\":\"" + rsa.kid() + "\",\"use\":\"sig\",\"alg\":\"RS256\"}");
        assertThat(keys.jwks("acme")).isEqualTo("{\"keys\":[" + SigningKeyService.jwk(rsa) + "]}");
    }

    @Test
    void aStoredKeyIdThatIsNotAValidIdIsRefusedAndNeverReachesTheJwks() {
        MemoryStore store = new MemoryStore("acme");
        SigningKeyService keys = new SigningKeyService(store, codec, clock);
        SigningKey good = keys.generate("acme", SigningKeyAlgorithm.EDDSA);
        // a hand-edited document: the id would break out of its JSON string
        SigningKeyStore.StoredKey stored = store.read("acme").keys().get(0);
        String evil = "k\",\"kty\":\"oct";
        store.tenants.put("acme", new SigningKeyStore.Snapshot(9, List.of(new SigningKeyStore.StoredKey(evil, stored.algorithm(), stored.state(),
                stored.createdAt(), stored.retireAt(), stored.publicKey(), stored.privateKey()))));
        assertThatThrownBy(() -> keys.jwks("acme")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("memory:acme").hasMessageContaining("stored signing key id");
        // and a key built in code with such an id is escaped, not spliced, into its JWK
        SigningKey built = new SigningKey(evil, good.algorithm(), good.state(), good.createdAt(), null,
                good.publicKey());
        assertThat(SigningKeyService.jwk(built)).contains("\"kid\":\"k\\\",\\\"kty\\\":\\\"oct\"")
                .containsOnlyOnce("\"kty\":");
    }

    @Test
    void oneDamagedStoredKeyFailsOnlyItselfNotTheSignaturesOfTheOthers() {
        MemoryStore store = new MemoryStore("acme");
        SigningKeyService keys = new SigningKeyService(store, codec, clock);
        String old = keys.generate("acme", SigningKeyAlgorithm.EDDSA).kid();
        SigningKey active = keys.rotate("acme", SigningKeyAlgorithm.ES256, java.time.Duration.ofHours(1));
        byte[] data = {1, 2, 3};
        SignatureResult signed = keys.sign("acme", data);
        assertThat(signed.kid()).isEqualTo(active.kid());
        // the retiring key's public key damaged in storage (a bad restore, a hand edit)
        List<SigningKeyStore.StoredKey> damaged = new ArrayList<>();
        for (SigningKeyStore.StoredKey k : store.read("acme").keys()) {
            damaged.add(!k.kid().equals(old) ? k : new SigningKeyStore.StoredKey(k.kid(), k.algorithm(), k.state(),
                    k.createdAt(), k.retireAt(), "not base64!", k.privateKey()));
        }
        store.tenants.put("acme", new SigningKeyStore.Snapshot(7, damaged));
        assertThat(keys.verify("acme", active.kid(), data, signed.signature())).isTrue();
        assertThat(keys.get("acme", active.kid())).isPresent();
        assertThatThrownBy(() -> keys.verify("acme", old, data, signed.signature()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("memory:acme")
                .hasMessageContaining("public key of " + old + " is malformed");
        // the published set cannot leave a verifying key out silently: it fails, naming the key
        assertThatThrownBy(() -> keys.jwks("acme")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("public key of " + old);
    }

    @Test
    void aDocumentWithAKeyIdTwiceOrTwoActiveKeysIsRefusedOnRead() {
        MemoryStore store = new MemoryStore("acme");
        SigningKeyService keys = new SigningKeyService(store, codec, clock);
        keys.generate("acme", SigningKeyAlgorithm.EDDSA);
        SigningKeyStore.StoredKey k = store.read("acme").keys().get(0);
        store.tenants.put("acme", new SigningKeyStore.Snapshot(5, List.of(k, k)));
        assertThatThrownBy(() -> keys.list("acme")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("memory:acme").hasMessageContaining("stored twice");
        SigningKeyStore.StoredKey other = new SigningKeyStore.StoredKey("other-kid", k.algorithm(), k.state(),
                k.createdAt(), k.retireAt(), k.publicKey(), k.privateKey());
        store.tenants.put("acme", new SigningKeyStore.Snapshot(6, List.of(k, other)));
        assertThatThrownBy(() -> keys.sign("acme", new byte[] {1})).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("2 signing keys are stored as active");
        assertThat(store.writes).as("nothing written by the refused calls").hasValue(1);
    }

    @Test
    void reEncryptAllMovesEveryPrivateKeyToThePrimaryKeyringKey() {
        MemoryStore store = new MemoryStore("acme", "globex");
        SigningKeyService keys = new SigningKeyService(store, codec, clock);
        keys.generate("acme", SigningKeyAlgorithm.EDDSA);
        keys.generate("acme", SigningKeyAlgorithm.ES256);
        keys.generate("globex", SigningKeyAlgorithm.EDDSA);
        int old = keyring.primaryKeyId();
        int fresh = keyring.addKey();
        keyring.promote(fresh);
        assertThat(SigningKeyService.reEncryptAll(store, keyring)).isEqualTo(3);
        keyring.disable(old);
        for (String slug : List.of("acme", "globex")) {
            assertThat(store.read(slug).keys()).allSatisfy(k -> assertThat(Keyring.keyIdOf(k.privateKey()))
                    .hasValue(fresh));
            byte[] data = {9};
            var sig = keys.sign(slug, data);
            assertThat(keys.verify(slug, sig.kid(), data, sig.signature())).isTrue();
        }
    }
}
