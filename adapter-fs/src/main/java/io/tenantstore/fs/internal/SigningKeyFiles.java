package io.tenantstore.fs.internal;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
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
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import io.tenantstore.InvalidInputException;
import io.tenantstore.NotFoundException;
import io.tenantstore.Secret;
import io.tenantstore.SecretException;
import io.tenantstore.StoreException;
import io.tenantstore.TenantNotFoundException;
import io.tenantstore.core.yaml.YamlLoader;
import io.tenantstore.core.yaml.YamlMap;
import io.tenantstore.core.yaml.YamlWriter;
import io.tenantstore.core.secret.Keyring;
import io.tenantstore.fs.SignatureResult;
import io.tenantstore.fs.SigningKey;
import io.tenantstore.fs.SigningKeyAlgorithm;
import io.tenantstore.fs.SigningKeyState;

/**
 * A tenant's signing keys in {@code tenants/<slug>/keys.yaml}: public keys in clear, private keys
 * only as {@code enc:} values under the store's keyring, bound to tenant and key id. Writes run
 * under the control plane's write lock and replace the file atomically. Thread-safe.
 */
public final class SigningKeyFiles {
    /** The file's name inside a tenant's directory. */
    public static final String FILE = "keys.yaml";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private final Path root;
    private final @Nullable Keyring keyring;
    private final Clock clock;
    private final WriteLock lock;

    /** One stored key, private part still encrypted. */
    private record Stored(String kid, SigningKeyAlgorithm alg, SigningKeyState state, Instant created,
            @Nullable Instant retireAt, String publicB64, @Nullable String privateEnc) {
        SigningKeyState stateAt(Instant now) {
            if (state == SigningKeyState.RETIRING && retireAt != null && !now.isBefore(retireAt)) {
                return SigningKeyState.RETIRED;
            }
            return state;
        }

        Stored settle(Instant now) {
            SigningKeyState s = stateAt(now);
            return s == state ? this : new Stored(kid, alg, s, created, retireAt, publicB64, null);
        }

        Stored with(SigningKeyState s, @Nullable Instant until) {
            return new Stored(kid, alg, s, created, until, publicB64,
                    s == SigningKeyState.RETIRED ? null : privateEnc);
        }

        @Override
        public String toString() {
            return "Stored[kid=" + kid + ", state=" + state + "]";
        }
    }

    /**
     * @param root    the control-plane root
     * @param keyring the store's keyring, or null when none is configured (generation then fails)
     * @param clock   the time source for rotation and grace periods
     */
    public SigningKeyFiles(Path root, @Nullable Keyring keyring, Clock clock) {
        this.root = root.toAbsolutePath().normalize();
        this.keyring = keyring;
        this.clock = clock;
        this.lock = new WriteLock(this.root, FsHooks.NONE);
    }

    /**
     * @param slug the tenant
     * @return its keys, states as of now, oldest first
     */
    public List<SigningKey> list(String slug) {
        Instant now = clock.instant();
        return read(slug).stream().map(k -> toKey(k, now)).toList();
    }

    /**
     * Adds a key in state {@code next} (or {@code active} when the tenant has no active key).
     *
     * @param slug the tenant
     * @param alg  the algorithm
     * @return the new key
     */
    public SigningKey generate(String slug, SigningKeyAlgorithm alg) {
        Keyring ring = requireKeyring(slug);
        return locked(() -> {
            Instant now = clock.instant();
            List<Stored> keys = settled(read(slug), now);
            boolean hasActive = keys.stream().anyMatch(k -> k.state() == SigningKeyState.ACTIVE);
            Stored fresh = fresh(slug, alg, hasActive ? SigningKeyState.NEXT : SigningKeyState.ACTIVE, now, ring);
            keys.add(fresh);
            write(slug, keys);
            return toKey(fresh, now);
        });
    }

    /**
     * Promotes the oldest {@code next} key (or a fresh key of {@code alg}) to active; the previous
     * active key becomes retiring until now + grace.
     *
     * @param slug  the tenant
     * @param alg   the algorithm of a fresh key when there is no {@code next} key
     * @param grace how long the previous key still verifies
     * @return the new active key
     */
    public SigningKey rotate(String slug, SigningKeyAlgorithm alg, Duration grace) {
        if (grace == null || grace.isNegative()) {
            throw new InvalidInputException("grace period must be zero or positive, found '" + grace + "'");
        }
        Keyring ring = requireKeyring(slug);
        return locked(() -> {
            Instant now = clock.instant();
            List<Stored> keys = settled(read(slug), now);
            Instant until = now.plus(grace);
            int next = -1;
            for (int i = 0; i < keys.size(); i++) {
                Stored k = keys.get(i);
                if (k.state() == SigningKeyState.ACTIVE) {
                    keys.set(i, k.with(grace.isZero() ? SigningKeyState.RETIRED : SigningKeyState.RETIRING, until));
                } else if (k.state() == SigningKeyState.NEXT && next < 0) {
                    next = i;
                }
            }
            Stored active;
            if (next >= 0) {
                active = keys.get(next).with(SigningKeyState.ACTIVE, null);
                keys.set(next, active);
            } else {
                active = fresh(slug, alg, SigningKeyState.ACTIVE, now, ring);
                keys.add(active);
            }
            write(slug, keys);
            return toKey(active, now);
        });
    }

    /**
     * @param slug the tenant
     * @return the keys that may verify now: the active key and retiring keys within their grace
     */
    public List<SigningKey> verificationKeys(String slug) {
        return list(slug).stream().filter(k -> k.state() == SigningKeyState.ACTIVE
                || k.state() == SigningKeyState.RETIRING).toList();
    }

    /**
     * @param slug the tenant
     * @return the JWKS document (RFC 7517) of the verification keys, public parts only
     */
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

    /**
     * @param key a public key
     * @return its JWK (RFC 7517/8037) JSON object
     */
    public static String jwk(SigningKey key) {
        Map<String, String> m = new LinkedHashMap<>();
        PublicKey pub = key.publicKey();
        switch (key.algorithm()) {
            case EDDSA -> {
                byte[] enc = pub.getEncoded();
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
                .append(v).append('"'));
        return out.append('}').toString();
    }

    /**
     * Signs with the active key.
     *
     * @param slug the tenant
     * @param data the bytes to sign (a JWS signing input)
     * @return the key id and the JWS signature bytes
     * @throws NotFoundException when the tenant has no active key
     */
    public SignatureResult sign(String slug, byte[] data) {
        Keyring ring = requireKeyring(slug);
        Instant now = clock.instant();
        Stored active = read(slug).stream().filter(k -> k.stateAt(now) == SigningKeyState.ACTIVE).findFirst()
                .orElseThrow(() -> new NotFoundException("tenant '" + slug + "' has no active signing key"));
        Secret pkcs8 = ring.decrypt(slug, field(active.kid()), active.privateEnc());
        try {
            PrivateKey priv = KeyFactory.getInstance(active.alg().keyAlgorithm())
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pkcs8.reveal())));
            Signature s = Signature.getInstance(active.alg().signatureAlgorithm());
            s.initSign(priv);
            s.update(data);
            return new SignatureResult(active.kid(), active.alg(), s.sign());
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new SecretException("tenant '" + slug + "' signing key " + active.kid() + " could not sign");
        }
    }

    /**
     * @param slug      the tenant
     * @param kid       the key id from the JWS header
     * @param data      the signing input
     * @param signature the signature bytes
     * @return whether a key that may verify now (active, or retiring within grace) verifies it
     */
    public boolean verify(String slug, String kid, byte[] data, byte[] signature) {
        Optional<SigningKey> key = verificationKeys(slug).stream().filter(k -> k.kid().equals(kid)).findFirst();
        if (key.isEmpty()) {
            return false;
        }
        try {
            Signature s = Signature.getInstance(key.get().algorithm().signatureAlgorithm());
            s.initVerify(key.get().publicKey());
            s.update(data);
            return s.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /**
     * Re-encrypts every tenant's stored private keys under the keyring's primary key (the step of a
     * keyring rotation between promoting a new key and disabling the old one).
     *
     * @return how many private keys were re-encrypted
     */
    public int reEncryptAll() {
        Keyring ring = requireKeyring("*");
        return locked(() -> {
            int count = 0;
            Path tenants = root.resolve("tenants");
            if (!Files.isDirectory(tenants)) {
                return 0;
            }
            List<String> slugs = new ArrayList<>();
            try (var entries = Files.newDirectoryStream(tenants)) {
                for (Path d : entries) {
                    String name = d.getFileName().toString();
                    if (Slugs.isSlug(name) && Files.isRegularFile(d.resolve(FILE))
                            && Files.isRegularFile(d.resolve(TenantYaml.FILE))) {
                        slugs.add(name);
                    }
                }
            }
            for (String slug : slugs) {
                List<Stored> keys = read(slug);
                for (int i = 0; i < keys.size(); i++) {
                    Stored k = keys.get(i);
                    if (k.privateEnc() != null) {
                        keys.set(i, new Stored(k.kid(), k.alg(), k.state(), k.created(), k.retireAt(), k.publicB64(),
                                ring.reEncrypt(slug, field(k.kid()), k.privateEnc())));
                        count++;
                    }
                }
                write(slug, keys);
            }
            return count;
        });
    }

    private Keyring requireKeyring(String slug) {
        if (keyring == null) {
            throw new SecretException("tenant '" + slug + "': signing keys are stored encrypted and this store has"
                    + " no keyring; set 'secrets: { keyset: ... }' in store.yaml (or TenantStore.builder().secrets(...))");
        }
        return keyring;
    }

    private static String field(String kid) {
        return "signingKeys." + kid + ".privateKey";
    }

    private Stored fresh(String slug, SigningKeyAlgorithm alg, SigningKeyState state, Instant now, Keyring ring) {
        KeyPair pair;
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance(alg.keyAlgorithm());
            switch (alg) {
                case ES256 -> gen.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
                case RS256 -> gen.initialize(2048, RANDOM);
                default -> { }
            }
            pair = gen.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new StoreException(io.tenantstore.ErrorCode.INTERNAL, "this JVM cannot generate "
                    + alg.jwsName() + " keys", e);
        }
        byte[] id = new byte[12];
        RANDOM.nextBytes(id);
        String kid = URL.encodeToString(id);
        byte[] pkcs8 = pair.getPrivate().getEncoded();
        String enc;
        try {
            enc = ring.encrypt(slug, field(kid), Secret.of(Base64.getEncoder().encodeToString(pkcs8)));
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
        return new Stored(kid, alg, state, now, null,
                Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()), enc);
    }

    private static List<Stored> settled(List<Stored> keys, Instant now) {
        List<Stored> out = new ArrayList<>();
        for (Stored k : keys) {
            out.add(k.settle(now));
        }
        return out;
    }

    private Path dir(String slug) {
        Slugs.validate(slug);
        Path dir = root.resolve("tenants").resolve(slug);
        if (!Files.isRegularFile(dir.resolve(TenantYaml.FILE))) {
            throw new TenantNotFoundException("no tenant '" + slug + "'");
        }
        return dir;
    }

    private List<Stored> read(String slug) {
        Path file = dir(slug).resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return new ArrayList<>();
        }
        YamlMap doc;
        try {
            doc = YamlLoader.DEFAULT.readMapping(file, file.toString());
        } catch (IOException e) {
            throw new StoreException(io.tenantstore.ErrorCode.UNAVAILABLE, "cannot read " + file + ": " + e, e);
        }
        List<Stored> out = new ArrayList<>();
        for (YamlMap k : doc.mapList("keys")) {
            String kid = k.requireString("kid");
            SigningKeyAlgorithm alg = k.buildAt("alg", () -> SigningKeyAlgorithm.parse(k.requireString("alg")));
            SigningKeyState state = k.buildAt("state", () -> SigningKeyState.valueOf(
                    k.requireString("state").toUpperCase(java.util.Locale.ROOT)));
            String priv = k.string("private").orElse(null);
            if (priv != null && !Keyring.isEncrypted(priv)) {
                throw k.error("private", k.location("private") + ": a private key must be an enc: value");
            }
            out.add(new Stored(kid, alg, state, k.instant("created").orElseThrow(() -> k.error("created",
                    k.location() + ": missing 'created'")), k.instant("retireAt").orElse(null),
                    k.requireString("public"), priv));
        }
        return out;
    }

    private void write(String slug, List<Stored> keys) throws IOException {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Stored k : keys) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kid", k.kid());
            m.put("alg", k.alg().jwsName());
            m.put("state", k.state().yamlName());
            m.put("created", k.created().toString());
            if (k.retireAt() != null) {
                m.put("retireAt", k.retireAt().toString());
            }
            m.put("public", k.publicB64());
            if (k.privateEnc() != null) {
                m.put("private", k.privateEnc());
            }
            list.add(m);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("keys", list);
        AtomicFiles.write(dir(slug).resolve(FILE), YamlWriter.write(doc), FsHooks.NONE, "rw-------");
    }

    private SigningKey toKey(Stored k, Instant now) {
        try {
            PublicKey pub = KeyFactory.getInstance(k.alg().keyAlgorithm())
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(k.publicB64())));
            return new SigningKey(k.kid(), k.alg(), k.stateAt(now), k.created(), k.retireAt(), pub);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new InvalidInputException("keys.yaml: public key of " + k.kid() + " is malformed");
        }
    }

    private <T> T locked(WriteLock.Action<T> action) {
        try {
            return lock.run(action);
        } catch (IOException e) {
            throw new StoreException(io.tenantstore.ErrorCode.UNAVAILABLE, "cannot write keys.yaml: " + e, e);
        }
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
