package io.tenantstore.core.keys;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

import io.tenantstore.ConflictException;
import io.tenantstore.ErrorCode;
import io.tenantstore.InvalidInputException;
import io.tenantstore.NotFoundException;
import io.tenantstore.Secret;
import io.tenantstore.SecretException;
import io.tenantstore.StoreException;
import io.tenantstore.core.secret.Keyring;
import io.tenantstore.model.SignatureResult;
import io.tenantstore.model.SigningKey;
import io.tenantstore.model.SigningKeyAlgorithm;
import io.tenantstore.model.SigningKeyState;
import io.tenantstore.repository.SigningKeyRepository;
import io.tenantstore.spi.SecretCodec;
import io.tenantstore.spi.SigningKeyStore;
import io.tenantstore.spi.SigningKeyStore.StoredKey;
import org.jspecify.annotations.Nullable;

/**
 * The one implementation of tenants' signing keys: generates key pairs with the JDK's providers,
 * encrypts the private key with the store's secret codec (the keyring, bound to tenant and key id)
 * before the storage ever sees it, signs, verifies, and renders JWKs. Every change is a
 * read-modify-write of the tenant's key list by compare-and-set on its revision, retried when
 * another writer got there first, so racing rotations (threads or processes) leave exactly one
 * active key. A retiring key past its grace period is treated as retired at once and its private
 * key is dropped on the next write. Thread-safe.
 */
public final class SigningKeyService implements SigningKeyRepository {
    /** Compare-and-set attempts of one change before it gives up. Default: 50. */
    static final int MAX_ATTEMPTS = 50;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();
    /** Key ids are what this class generates: 16 base64url characters; anything up to 64 is accepted. */
    private static final Pattern KID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final SigningKeyStore storage;
    private final @Nullable SecretCodec codec;
    private final Clock clock;

    /**
     * @param storage where the keys are kept
     * @param codec   encrypts and decrypts private keys (the store's keyring), or null when the store
     *                has none: then listing, verification and the JWKS work, generation and signing fail
     * @param clock   the time source for rotation and grace periods
     */
    public SigningKeyService(SigningKeyStore storage, @Nullable SecretCodec codec, Clock clock) {
        this.storage = Objects.requireNonNull(storage, "storage");
        this.codec = codec;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public List<SigningKey> list(String slug) {
        Instant now = clock.instant();
        return read(slug).keys().stream().map(k -> toKey(slug, k, now)).toList();
    }

    @Override
    public Optional<SigningKey> get(String slug, String kid) {
        requireKid(kid);
        Instant now = clock.instant();
        // only this key is decoded: another one stored damaged does not make it unreadable
        return stored(slug, kid).map(k -> toKey(slug, k, now));
    }

    private Optional<StoredKey> stored(String slug, String kid) {
        return read(slug).keys().stream().filter(k -> k.kid().equals(kid)).findFirst();
    }

    @Override
    public SigningKey generate(String slug, SigningKeyAlgorithm algorithm) {
        Objects.requireNonNull(algorithm, "algorithm");
        SecretCodec secrets = requireCodec(slug);
        read(slug); // an unknown tenant fails before a key pair is made
        Fresh fresh = fresh(slug, algorithm, secrets);
        return change(slug, "generate", (keys, now) -> {
            boolean hasActive = keys.stream().anyMatch(k -> k.state() == SigningKeyState.ACTIVE);
            StoredKey k = fresh.at(hasActive ? SigningKeyState.NEXT : SigningKeyState.ACTIVE, now);
            keys.add(k);
            return k;
        });
    }

    @Override
    public SigningKey rotate(String slug, SigningKeyAlgorithm algorithm, Duration grace) {
        Objects.requireNonNull(algorithm, "algorithm");
        if (grace == null || grace.isNegative()) {
            throw new InvalidInputException("grace period must be zero or positive, found '" + grace + "'");
        }
        SecretCodec secrets = requireCodec(slug);
        Fresh[] fresh = {null}; // made once, on the first attempt that needs it
        return change(slug, "rotate", (keys, now) -> {
            Instant until = now.plus(grace);
            int next = -1;
            for (int i = 0; i < keys.size(); i++) {
                StoredKey k = keys.get(i);
                if (k.state() == SigningKeyState.ACTIVE) {
                    keys.set(i, with(k, grace.isZero() ? SigningKeyState.RETIRED : SigningKeyState.RETIRING, until));
                } else if (k.state() == SigningKeyState.NEXT && next < 0) {
                    next = i;
                }
            }
            StoredKey active;
            if (next >= 0) {
                active = with(keys.get(next), SigningKeyState.ACTIVE, null);
                keys.set(next, active);
            } else {
                if (fresh[0] == null) {
                    fresh[0] = fresh(slug, algorithm, secrets);
                }
                active = fresh[0].at(SigningKeyState.ACTIVE, now);
                keys.add(active);
            }
            return active;
        });
    }

    @Override
    public List<SigningKey> verificationKeys(String slug) {
        return list(slug).stream().filter(k -> k.state() == SigningKeyState.ACTIVE
                || k.state() == SigningKeyState.RETIRING).toList();
    }

    @Override
    public String jwks(String slug) {
        StringBuilder out = new StringBuilder("{\"keys\":[");
        List<SigningKey> keys = verificationKeys(slug);
        for (int i = 0; i < keys.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(jwk(keys.get(i)));
        }
        return out.append("]}").toString();
    }

    @Override
    public SignatureResult sign(String slug, byte[] data) {
        Objects.requireNonNull(data, "data");
        SecretCodec secrets = requireCodec(slug);
        Instant now = clock.instant();
        StoredKey active = read(slug).keys().stream().filter(k -> stateAt(k, now) == SigningKeyState.ACTIVE)
                .findFirst().orElseThrow(() -> new NotFoundException("tenant '" + slug + "' has no active signing key"));
        if (active.privateKey() == null) {
            throw new SecretException("tenant '" + slug + "' signing key " + active.kid() + " has no private key in "
                    + storage.describe(slug));
        }
        Secret pkcs8 = secrets.decode(active.privateKey(), slug, field(active.kid()), storage.describe(slug));
        byte[] der = null;
        try {
            der = Base64.getDecoder().decode(pkcs8.reveal());
            PrivateKey priv = KeyFactory.getInstance(active.algorithm().keyAlgorithm())
                    .generatePrivate(new PKCS8EncodedKeySpec(der));
            Signature s = Signature.getInstance(active.algorithm().signatureAlgorithm());
            s.initSign(priv);
            s.update(data);
            return new SignatureResult(active.kid(), active.algorithm(), s.sign());
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            // the cause may quote key material: left out
            throw new SecretException("tenant '" + slug + "' signing key " + active.kid() + " could not sign");
        } finally {
            if (der != null) {
                Arrays.fill(der, (byte) 0);
            }
        }
    }

    @Override
    public boolean verify(String slug, String kid, byte[] data, byte[] signature) {
        requireKid(kid);
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(signature, "signature");
        Instant now = clock.instant();
        Optional<SigningKey> key = stored(slug, kid)
                .filter(k -> stateAt(k, now) == SigningKeyState.ACTIVE || stateAt(k, now) == SigningKeyState.RETIRING)
                .map(k -> toKey(slug, k, now)); // only a key that verifies is decoded
        if (key.isEmpty()) {
            return false;
        }
        try {
            Signature s = Signature.getInstance(key.get().algorithm().signatureAlgorithm());
            s.initVerify(key.get().publicKey());
            s.update(data);
            return s.verify(signature);
        } catch (GeneralSecurityException e) {
            return false; // a malformed signature (e.g. wrong length) does not verify
        }
    }

    /**
     * Re-encrypts every tenant's private signing keys under the keyring's primary key (the step of
     * a keyring rotation between promoting a new key and disabling the old one), one
     * compare-and-set per tenant.
     *
     * @param storage where the keys are kept
     * @param keyring holds the new primary key and every key the private keys are under now
     * @return how many private keys were re-encrypted
     * @throws SecretException naming tenant and key for a private key no enabled key decrypts
     */
    public static int reEncryptAll(SigningKeyStore storage, Keyring keyring) {
        Objects.requireNonNull(keyring, "keyring");
        int count = 0;
        for (String slug : storage.slugs()) {
            count += reEncrypt(storage, slug, keyring);
        }
        return count;
    }

    private static int reEncrypt(SigningKeyStore storage, String slug, Keyring keyring) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            SigningKeyStore.Snapshot snap;
            try {
                snap = storage.read(slug);
            } catch (io.tenantstore.TenantNotFoundException e) {
                return 0; // deleted meanwhile: nothing left to re-encrypt
            }
            List<StoredKey> keys = new ArrayList<>();
            int changed = 0;
            for (StoredKey k : snap.keys()) {
                if (k.privateKey() != null) {
                    keys.add(new StoredKey(k.kid(), k.algorithm(), k.state(), k.createdAt(), k.retireAt(), k.publicKey(),
                            keyring.reEncrypt(slug, field(k.kid()), k.privateKey())));
                    changed++;
                } else {
                    keys.add(k);
                }
            }
            if (changed == 0) {
                return 0;
            }
            if (storage.replace(slug, snap.revision(), keys)) {
                return changed;
            }
        }
        throw new ConflictException("re-encrypting the signing keys of tenant '" + slug + "' gave up after "
                + MAX_ATTEMPTS + " attempts: other writers kept changing them");
    }

    /**
     * @param key a public key
     * @return its JWK (RFC 7517, RFC 8037 for Ed25519) as a JSON object: public parts, kid, use and alg
     */
    public static String jwk(SigningKey key) {
        Map<String, String> m = new LinkedHashMap<>();
        PublicKey pub = key.publicKey();
        switch (key.algorithm()) {
            case EDDSA -> {
                byte[] enc = pub.getEncoded(); // X.509: a fixed prefix, then the 32-byte key
                m.put("kty", "OKP");
                m.put("crv", "Ed25519");
                m.put("x", URL.encodeToString(Arrays.copyOfRange(enc, enc.length - 32, enc.length)));
            }
            case ES256 -> {
                ECPublicKey ec = (ECPublicKey) pub;
                m.put("kty", "EC");
                m.put("crv", "P-256");
                m.put("x", URL.encodeToString(unsigned(ec.getW().getAffineX(), 32)));
                m.put("y", URL.encodeToString(unsigned(ec.getW().getAffineY(), 32)));
            }
            case RS256 -> {
                RSAPublicKey rsa = (RSAPublicKey) pub;
                m.put("kty", "RSA");
                m.put("n", URL.encodeToString(unsigned(rsa.getModulus(), 0)));
                m.put("e", URL.encodeToString(unsigned(rsa.getPublicExponent(), 0)));
            }
            default -> throw new IllegalStateException("unknown algorithm " + key.algorithm());
        }
        m.put("kid", key.kid());
        m.put("use", "sig");
        m.put("alg", key.algorithm().jwsName());
        StringBuilder out = new StringBuilder("{");
        m.forEach((k, v) -> out.append(out.length() > 1 ? "," : "").append('"').append(k).append("\":\"")
                .append(jsonText(v)).append('"'));
        return out.append('}').toString();
    }

    /**
     * @param kid a key id
     * @return the field path its private key is encrypted for (with the tenant's slug as owner)
     */
    public static String field(String kid) {
        return "signingKeys." + kid + ".privateKey";
    }

    /**
     * @param k   a stored key
     * @param now the time
     * @return its state at that time: a retiring key past its grace period is retired
     */
    public static SigningKeyState stateAt(StoredKey k, Instant now) {
        if (k.state() == SigningKeyState.RETIRING && k.retireAt() != null && !now.isBefore(k.retireAt())) {
            return SigningKeyState.RETIRED;
        }
        return k.state();
    }

    // ---- internals ----

    /** One change to a tenant's (settled) key list; returns the key to answer with. */
    @FunctionalInterface
    private interface Change {
        StoredKey apply(List<StoredKey> keys, Instant now);
    }

    private SigningKey change(String slug, String operation, Change change) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            SigningKeyStore.Snapshot snap = read(slug);
            Instant now = clock.instant();
            List<StoredKey> keys = new ArrayList<>();
            for (StoredKey k : snap.keys()) {
                SigningKeyState s = stateAt(k, now);
                keys.add(s == k.state() ? k : with(k, s, k.retireAt()));
            }
            StoredKey result = change.apply(keys, now);
            if (storage.replace(slug, snap.revision(), keys)) {
                return toKey(slug, result, now);
            }
        }
        throw new ConflictException(operation + " of the signing keys of tenant '" + slug + "' gave up after "
                + MAX_ATTEMPTS + " attempts: other writers kept changing them");
    }

    private static StoredKey with(StoredKey k, SigningKeyState state, @Nullable Instant until) {
        return new StoredKey(k.kid(), k.algorithm(), state, k.createdAt(), until, k.publicKey(),
                state == SigningKeyState.RETIRED ? null : k.privateKey());
    }

    /** A generated key pair, its private half already encrypted. */
    private record Fresh(String kid, SigningKeyAlgorithm algorithm, String publicKey, String privateKey) {
        StoredKey at(SigningKeyState state, Instant now) {
            return new StoredKey(kid, algorithm, state, now, null, publicKey, privateKey);
        }

        @Override
        public String toString() {
            return "Fresh[kid=" + kid + "]";
        }
    }

    private Fresh fresh(String slug, SigningKeyAlgorithm algorithm, SecretCodec secrets) {
        KeyPair pair;
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance(algorithm.keyAlgorithm());
            switch (algorithm) {
                case ES256 -> gen.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
                case RS256 -> gen.initialize(2048, RANDOM);
                default -> { }
            }
            pair = gen.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new StoreException(ErrorCode.INTERNAL, "this JVM cannot generate " + algorithm.jwsName() + " keys", e);
        }
        byte[] id = new byte[12];
        RANDOM.nextBytes(id);
        String kid = URL.encodeToString(id);
        byte[] pkcs8 = pair.getPrivate().getEncoded();
        String encrypted;
        try {
            encrypted = secrets.encode(Secret.of(Base64.getEncoder().encodeToString(pkcs8)), slug, field(kid),
                    storage.describe(slug));
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
        if (!Keyring.isEncrypted(encrypted)) {
            throw new SecretException("tenant '" + slug + "': the store's secret codec did not encrypt the private"
                    + " signing key; signing keys need a keyring ('secrets: { keyset: ... }' in store.yaml)");
        }
        return new Fresh(kid, algorithm, Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()), encrypted);
    }

    private SecretCodec requireCodec(String slug) {
        if (codec == null) {
            throw new SecretException("tenant '" + slug + "': signing keys are stored encrypted and this store has"
                    + " no keyring; set 'secrets: { keyset: ... }' in store.yaml (or TenantStore.builder().secrets(...))");
        }
        return codec;
    }

    private static void requireKid(String kid) {
        if (kid == null || !KID.matcher(kid).matches()) {
            throw new InvalidInputException("a signing key id is 1 to 64 characters of A-Z, a-z, 0-9, '-' and '_', found "
                    + (kid == null ? "null" : "'" + (kid.length() > 80 ? kid.substring(0, 80) + "..." : kid) + "'"));
        }
    }

    /**
     * Reads a tenant's keys and refuses a document no writer of this class produces (edited by
     * hand): a key id twice, or more than one active key, which would make signing and
     * verification depend on the order of the keys.
     */
    private SigningKeyStore.Snapshot read(String slug) {
        SigningKeyStore.Snapshot snap = storage.read(slug);
        java.util.Set<String> kids = new java.util.HashSet<>();
        int active = 0;
        for (StoredKey k : snap.keys()) {
            if (!kids.add(k.kid())) {
                throw new InvalidInputException(storage.describe(slug) + ": the signing key id " + k.kid()
                        + " is stored twice");
            }
            if (k.state() == SigningKeyState.ACTIVE) {
                active++;
            }
        }
        if (active > 1) {
            throw new InvalidInputException(storage.describe(slug) + ": " + active + " signing keys are stored as"
                    + " active; one at most (rotate writes exactly one)");
        }
        return snap;
    }

    private SigningKey toKey(String slug, StoredKey k, Instant now) {
        if (!KID.matcher(k.kid()).matches()) {
            // a hand-edited document: such an id would not survive the JWKS or a JWT header unchanged
            throw new InvalidInputException(storage.describe(slug) + ": a stored signing key id is not 1 to 64"
                    + " characters of A-Z, a-z, 0-9, '-' and '_'");
        }
        try {
            PublicKey pub = KeyFactory.getInstance(k.algorithm().keyAlgorithm())
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(k.publicKey())));
            return new SigningKey(k.kid(), k.algorithm(), stateAt(k, now), k.createdAt(), k.retireAt(), pub);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new InvalidInputException(storage.describe(slug) + ": public key of " + k.kid() + " is malformed");
        }
    }

    /** @return {@code s} escaped for a JSON string (every value here is checked already; this keeps it so) */
    private static String jsonText(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    static byte[] unsigned(BigInteger v, int len) {
        byte[] b = v.toByteArray();
        if (b.length > 1 && b[0] == 0) {
            b = Arrays.copyOfRange(b, 1, b.length);
        }
        if (len > b.length) {
            byte[] p = new byte[len];
            System.arraycopy(b, 0, p, len - b.length, b.length);
            return p;
        }
        return b;
    }
}
