package io.tenantstore.core.secret;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.Configuration;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.Key;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.aead.AesGcmParameters;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import io.tenantstore.InvalidInputException;
import io.tenantstore.Secret;
import io.tenantstore.SecretException;
import io.tenantstore.spi.DataSecretCipher;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Encrypts the secrets stored in YAML ({@code enc:} values) with a Google Tink AEAD keyset of
 * AES-256-GCM keys. The primary key encrypts; every enabled key decrypts. Each value is bound to its
 * tenant and field through the associated data, so a value copied to another tenant or field does
 * not decrypt. A value is {@code "enc:" + base64(ciphertext)}, where the ciphertext starts with
 * Tink's 5-byte prefix naming the key, so a value under a disabled or unknown key is reported as such.
 *
 * <p>The keyset is cleartext JSON (Tink's JSON keyset format, as written by
 * {@code tinkey create-keyset --key-template AES256_GCM --out-format json}) read from an environment
 * variable or a file. Anyone who can read it can decrypt every value: keep the file readable by the
 * service's user only ({@code chmod 600}; a warning is logged otherwise), or inject it from a secret
 * manager.
 *
 * <p>Rotation: {@link #addKey()}, {@link #promote(int)} the new key, {@link #reEncrypt} every
 * {@code enc:} value, {@link #disable(int)} the old key, {@link #exportJson()} and store the keyset;
 * once no value needs the old key, {@link #delete(int)} it. Key ids are Tink's 32-bit ids, shown
 * unsigned ({@link Integer#toUnsignedString(int)}).
 *
 * <p>Thread-safe: encryption and decryption read an immutable snapshot; keyset changes are serialised
 * and swap the snapshot. {@link #toString()} never shows key material.
 */
public final class Keyring {
    /** The prefix of encrypted values. */
    public static final String PREFIX = "enc:";

    private static final Logger LOG = LoggerFactory.getLogger(Keyring.class);
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    private static final byte TINK_PREFIX_START = 0x01;
    private static final int TINK_PREFIX_SIZE = 5;
    /** Prefix, 12-byte IV, 16-byte tag. */
    private static final int MIN_CIPHERTEXT_SIZE = TINK_PREFIX_SIZE + 12 + 16;
    private static final String AD_DOMAIN = "tenantstore/secret/v1";
    /** Associated-data domain of data-plane values: a YAML value never decrypts as a row's, nor the reverse. */
    private static final String DATA_AD_DOMAIN = "tenantstore/data/v1";

    private static volatile @Nullable Configuration tink;

    private final String origin;
    private final Object lock = new Object();
    private volatile Snapshot snapshot;

    /** Status of a key. */
    public enum KeyStatus {
        /** Decrypts; the primary one also encrypts. */
        ENABLED,
        /** Kept in the keyset but used for nothing: values under it do not decrypt. */
        DISABLED
    }

    /**
     * One key of the keyset; no key material.
     *
     * @param id      Tink's key id (shown unsigned)
     * @param status  whether it decrypts
     * @param primary whether it encrypts new values
     */
    public record KeyInfo(int id, KeyStatus status, boolean primary) {
        /** @return the id as Tink tools print it */
        public String displayId() {
            return Integer.toUnsignedString(id);
        }
    }

    private record Snapshot(KeysetHandle handle, Aead aead) {
    }

    private Keyring(KeysetHandle handle, String origin) {
        this.origin = origin;
        this.snapshot = snapshot(handle, origin);
    }

    /**
     * A new keyset with one AES-256-GCM key, for tests and {@code tenantstore keyset create}.
     *
     * @return the keyring
     */
    public static Keyring generate() {
        Configuration config = tink();
        try {
            return new Keyring(KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM, config), "generated keyset");
        } catch (GeneralSecurityException e) {
            throw new SecretException("a new keyset could not be generated", e);
        }
    }

    /**
     * Reads a cleartext JSON keyset from an environment variable.
     *
     * @param name the variable; it holds the keyset JSON, or that JSON in base64
     * @return the keyring
     * @throws SecretException when the variable is not set or does not hold a valid keyset
     */
    public static Keyring fromEnv(String name) {
        return fromEnv(name, System::getenv);
    }

    /**
     * @param name the variable; it holds the keyset JSON, or that JSON in base64
     * @param env  looks a variable up; returns {@code null} when it is not set
     * @return the keyring
     * @throws SecretException when the variable is not set or does not hold a valid keyset
     */
    public static Keyring fromEnv(String name, Function<String, @Nullable String> env) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(env, "env");
        if (!ENV_NAME.matcher(name).matches()) {
            throw new InvalidInputException("keyset environment variable must be a variable name"
                    + " (letters, digits, _): '" + name + "'");
        }
        String value = env.apply(name);
        if (value == null || value.isBlank()) {
            throw new SecretException("environment variable " + name + " (the keyset) is not set");
        }
        String origin = "environment variable " + name;
        String text = value.strip();
        if (!text.startsWith("{")) {
            try {
                // Line breaks are allowed, as `base64` wraps its output; anything else must be base64.
                text = new String(Base64.getDecoder().decode(text.replaceAll("\\s", "")), StandardCharsets.UTF_8).strip();
            } catch (IllegalArgumentException e) {
                text = "";
            }
            if (!text.startsWith("{")) {
                throw new SecretException(origin + " does not hold a Tink JSON keyset (JSON, or JSON in base64)");
            }
        }
        return fromJson(text, origin);
    }

    /**
     * Reads a cleartext JSON keyset from a file, which must be readable by the service's user only
     * (a warning is logged when group or others may read it).
     *
     * @param path the keyset file
     * @return the keyring
     * @throws SecretException when the file cannot be read or does not hold a valid keyset
     */
    public static Keyring fromFile(Path path) {
        Objects.requireNonNull(path, "path");
        String origin = "keyset file " + path;
        String json;
        try {
            json = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new SecretException(origin + " does not exist", e);
        } catch (IOException e) {
            throw new SecretException(origin + " could not be read: " + e.getClass().getSimpleName(), e);
        }
        warnIfOthersCanRead(path);
        return fromJson(json, origin);
    }

    /**
     * @param json   a cleartext keyset in Tink's JSON format
     * @param origin where it came from, for messages (never the JSON itself)
     * @return the keyring
     * @throws SecretException when it is not a valid keyset of AES-256-GCM keys
     */
    public static Keyring fromJson(String json, String origin) {
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(origin, "origin");
        Configuration config = tink();
        KeysetHandle handle;
        try {
            handle = TinkJsonProtoKeysetFormat.parseKeyset(json, config, InsecureSecretKeyAccess.get());
        } catch (GeneralSecurityException | RuntimeException e) {
            // No cause and no parser message: either could quote key material.
            throw new SecretException(origin + " is not a valid Tink JSON keyset (" + e.getClass().getSimpleName() + ")");
        }
        return new Keyring(handle, origin);
    }

    /**
     * @param text a value as written in YAML
     * @return whether it is an encrypted value
     */
    public static boolean isEncrypted(String text) {
        return text.startsWith(PREFIX);
    }

    /**
     * Encrypts a value under the primary key, bound to a tenant and field.
     *
     * @param tenantSlug whose value it is ({@code store} for store.yaml)
     * @param fieldPath  the dotted field, e.g. {@code database.password}
     * @param value      the value
     * @return {@code enc:} followed by base64
     */
    public String encrypt(String tenantSlug, String fieldPath, Secret value) {
        return encrypt(associatedData(tenantSlug, fieldPath), where(tenantSlug, fieldPath), value);
    }

    private String encrypt(byte[] ad, String where, Secret value) {
        Objects.requireNonNull(value, "value");
        byte[] clear = value.reveal().getBytes(StandardCharsets.UTF_8);
        try {
            return PREFIX + Base64.getEncoder().encodeToString(snapshot.aead().encrypt(clear, ad));
        } catch (GeneralSecurityException e) {
            throw new SecretException(where + " could not be encrypted", e);
        } finally {
            Arrays.fill(clear, (byte) 0);
        }
    }

    /**
     * Decrypts a value written by {@link #encrypt} for the same tenant and field.
     *
     * @param tenantSlug whose value it is
     * @param fieldPath  the dotted field it was read from
     * @param encValue   the {@code enc:} value
     * @return the secret, remembering {@code encValue} as its {@link Secret#reference()}
     * @throws SecretException naming the tenant and field (never the value) when it is malformed, is
     *                         under a disabled or unknown key, or belongs to another tenant or field
     */
    public Secret decrypt(String tenantSlug, String fieldPath, String encValue) {
        return decrypt(associatedData(tenantSlug, fieldPath), where(tenantSlug, fieldPath), encValue);
    }

    private Secret decrypt(byte[] ad, String where, String encValue) {
        byte[] ciphertext = decode(where, encValue);
        Snapshot s = snapshot;
        int keyId = keyId(ciphertext);
        checkKeyUsable(s, keyId, where);
        byte[] clear;
        try {
            clear = s.aead().decrypt(ciphertext, ad);
        } catch (GeneralSecurityException e) {
            throw new SecretException(where + " could not be decrypted with key "
                    + Integer.toUnsignedString(keyId) + ": it was encrypted for another tenant or field, or altered");
        }
        try {
            if (clear.length == 0) {
                throw new SecretException(where + " decrypted to an empty value");
            }
            return Secret.referenced(new String(clear, StandardCharsets.UTF_8), encValue);
        } finally {
            Arrays.fill(clear, (byte) 0);
        }
    }

    /**
     * The cipher for secrets the data plane stores in its tables (TOTP seeds), under this keyring:
     * values are {@code enc:} + base64 like the YAML ones, but bound to tenant id, owner and field
     * in another associated-data domain, so neither kind decrypts as the other.
     *
     * @return the cipher, handed to adapters through {@link io.tenantstore.spi.AdapterConfig}
     */
    public DataSecretCipher dataCipher() {
        return new DataSecretCipher() {
            @Override
            public String encrypt(String tenantId, String ownerId, String field, Secret value) {
                return Keyring.this.encrypt(dataAd(tenantId, ownerId, field), where(tenantId, ownerId, field), value);
            }

            @Override
            public Secret decrypt(String tenantId, String ownerId, String field, String stored) {
                Secret s = Keyring.this.decrypt(dataAd(tenantId, ownerId, field), where(tenantId, ownerId, field),
                        stored);
                return Secret.of(s.reveal());
            }

            @Override
            public String reEncrypt(String tenantId, String ownerId, String field, String stored) {
                Secret clear = decrypt(tenantId, ownerId, field, stored);
                OptionalInt key = keyIdOf(stored);
                return key.isPresent() && key.getAsInt() == primaryKeyId() ? stored
                        : encrypt(tenantId, ownerId, field, clear);
            }

            @Override
            public String toString() {
                return "DataSecretCipher[" + Keyring.this + "]";
            }
        };
    }

    private static byte[] dataAd(String tenantId, String ownerId, String field) {
        check("tenant id", tenantId);
        check("owner id", ownerId);
        check("field", field);
        return (DATA_AD_DOMAIN + '\0' + tenantId + '\0' + ownerId + '\0' + field).getBytes(StandardCharsets.UTF_8);
    }

    private static String where(String tenantId, String ownerId, String field) {
        return "stored " + field + " of tenant " + tenantId + ", owner " + ownerId;
    }

    /**
     * For key rotation: decrypts a value and, unless it already is under the primary key, encrypts
     * it again under the primary. Values that do not decrypt (other tenant or field, disabled or
     * unknown key) fail, so a rotation never carries a bad value forward.
     *
     * @param tenantSlug whose value it is
     * @param fieldPath  the dotted field
     * @param encValue   the {@code enc:} value
     * @return the value under the primary key; {@code encValue} itself when it already is
     * @throws SecretException as {@link #decrypt} does
     */
    public String reEncrypt(String tenantSlug, String fieldPath, String encValue) {
        Snapshot s = snapshot;
        Secret clear = decrypt(tenantSlug, fieldPath, encValue);
        if (keyId(decode(where(tenantSlug, fieldPath), encValue)) == s.handle().getPrimary().getId()) {
            return encValue;
        }
        return encrypt(tenantSlug, fieldPath, clear);
    }

    /**
     * @param encValue an {@code enc:} value
     * @return the id of the key it was encrypted under; empty when it is not a well-formed value
     */
    public static OptionalInt keyIdOf(String encValue) {
        if (!isEncrypted(encValue)) {
            return OptionalInt.empty();
        }
        byte[] ciphertext;
        try {
            ciphertext = Base64.getDecoder().decode(encValue.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            return OptionalInt.empty();
        }
        if (ciphertext.length < MIN_CIPHERTEXT_SIZE || ciphertext[0] != TINK_PREFIX_START) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(keyId(ciphertext));
    }

    /** @return the id of the key that encrypts */
    public int primaryKeyId() {
        return snapshot.handle().getPrimary().getId();
    }

    /** @return every key of the keyset, in keyset order, without key material */
    public List<KeyInfo> keys() {
        KeysetHandle h = snapshot.handle();
        List<KeyInfo> keys = new ArrayList<>(h.size());
        for (int i = 0; i < h.size(); i++) {
            KeysetHandle.Entry e = h.getAt(i);
            keys.add(new KeyInfo(e.getId(), e.getStatus() == com.google.crypto.tink.KeyStatus.ENABLED
                    ? KeyStatus.ENABLED : KeyStatus.DISABLED, e.isPrimary()));
        }
        return List.copyOf(keys);
    }

    /**
     * Adds a new AES-256-GCM key, enabled but not primary: every process holding the new keyset can
     * decrypt values under it before any process encrypts with it.
     *
     * @return the new key's id
     */
    public int addKey() {
        synchronized (lock) {
            KeysetHandle old = snapshot.handle();
            Set<Integer> before = new HashSet<>();
            for (int i = 0; i < old.size(); i++) {
                before.add(old.getAt(i).getId());
            }
            KeysetHandle.Builder b = KeysetHandle.newBuilder(old);
            b.addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
                    .withRandomId().setStatus(com.google.crypto.tink.KeyStatus.ENABLED));
            KeysetHandle next = build(b, "add a key");
            int id = 0;
            for (int i = 0; i < next.size(); i++) {
                if (!before.contains(next.getAt(i).getId())) {
                    id = next.getAt(i).getId();
                }
            }
            snapshot = snapshot(next, origin);
            LOG.info("keyring ({}): added key {}", origin, Integer.toUnsignedString(id));
            return id;
        }
    }

    /**
     * Makes an enabled key the primary: new values are encrypted under it.
     *
     * @param keyId the key
     * @throws InvalidInputException when the keyset has no such key
     * @throws SecretException       when the key is disabled
     */
    public void promote(int keyId) {
        synchronized (lock) {
            KeysetHandle.Builder b = KeysetHandle.newBuilder(snapshot.handle());
            KeysetHandle.Builder.Entry e = b.getAt(indexOf(keyId));
            if (e.getStatus() != com.google.crypto.tink.KeyStatus.ENABLED) {
                throw new SecretException("key " + Integer.toUnsignedString(keyId)
                        + " is disabled; enable it before making it primary");
            }
            e.makePrimary();
            snapshot = snapshot(build(b, "promote key " + Integer.toUnsignedString(keyId)), origin);
            LOG.info("keyring ({}): key {} is now primary", origin, Integer.toUnsignedString(keyId));
        }
    }

    /**
     * Disables a key: values under it no longer decrypt. Re-encrypt them first.
     *
     * @param keyId the key; not the primary
     * @throws InvalidInputException when the keyset has no such key
     * @throws SecretException       when it is the primary
     */
    public void disable(int keyId) {
        setStatus(keyId, com.google.crypto.tink.KeyStatus.DISABLED, "disable");
    }

    /**
     * Enables a disabled key again, so values under it decrypt.
     *
     * @param keyId the key
     * @throws InvalidInputException when the keyset has no such key
     */
    public void enable(int keyId) {
        setStatus(keyId, com.google.crypto.tink.KeyStatus.ENABLED, "enable");
    }

    /**
     * Removes a disabled key from the keyset for good: values under it can never be decrypted again.
     *
     * @param keyId the key; disabled and not the primary
     * @throws InvalidInputException when the keyset has no such key
     * @throws SecretException       when it is the primary or still enabled
     */
    public void delete(int keyId) {
        synchronized (lock) {
            KeysetHandle.Builder b = KeysetHandle.newBuilder(snapshot.handle());
            int i = indexOf(keyId);
            KeysetHandle.Builder.Entry e = b.getAt(i);
            if (e.isPrimary()) {
                throw new SecretException("key " + Integer.toUnsignedString(keyId) + " is the primary; it cannot be deleted");
            }
            if (e.getStatus() == com.google.crypto.tink.KeyStatus.ENABLED) {
                throw new SecretException("key " + Integer.toUnsignedString(keyId)
                        + " is enabled; disable it (and check nothing breaks) before deleting it");
            }
            b.deleteAt(i);
            snapshot = snapshot(build(b, "delete key " + Integer.toUnsignedString(keyId)), origin);
            LOG.info("keyring ({}): deleted key {}", origin, Integer.toUnsignedString(keyId));
        }
    }

    /**
     * The keyset as cleartext JSON, for writing back to its file or secret store (readable by the
     * service's user only).
     *
     * @return the JSON, as a secret
     */
    public Secret exportJson() {
        try {
            return Secret.of(TinkJsonProtoKeysetFormat.serializeKeyset(snapshot.handle(), tink(),
                    InsecureSecretKeyAccess.get()));
        } catch (GeneralSecurityException e) {
            throw new SecretException("keyring (" + origin + ") could not be exported", e);
        }
    }

    /** @return where the keyset came from, the number of keys and the primary key id; never key material */
    @Override
    public String toString() {
        KeysetHandle h = snapshot.handle();
        return "Keyring[" + origin + ", keys=" + h.size() + ", primary=" + Integer.toUnsignedString(h.getPrimary().getId()) + "]";
    }

    private void setStatus(int keyId, com.google.crypto.tink.KeyStatus status, String verb) {
        synchronized (lock) {
            KeysetHandle.Builder b = KeysetHandle.newBuilder(snapshot.handle());
            KeysetHandle.Builder.Entry e = b.getAt(indexOf(keyId));
            if (e.isPrimary() && status != com.google.crypto.tink.KeyStatus.ENABLED) {
                throw new SecretException("key " + Integer.toUnsignedString(keyId)
                        + " is the primary; make another key primary before you " + verb + " it");
            }
            e.setStatus(status);
            snapshot = snapshot(build(b, verb + " key " + Integer.toUnsignedString(keyId)), origin);
            LOG.info("keyring ({}): key {} is now {}", origin, Integer.toUnsignedString(keyId), status);
        }
    }

    private int indexOf(int keyId) {
        KeysetHandle h = snapshot.handle();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < h.size(); i++) {
            if (h.getAt(i).getId() == keyId) {
                return i;
            }
            ids.add(Integer.toUnsignedString(h.getAt(i).getId()));
        }
        throw new InvalidInputException("the keyring (" + origin + ") has no key " + Integer.toUnsignedString(keyId)
                + "; its keys are " + ids);
    }

    private static KeysetHandle build(KeysetHandle.Builder b, String what) {
        try {
            return b.build();
        } catch (GeneralSecurityException e) {
            throw new SecretException("keyring: could not " + what, e);
        }
    }

    private static Snapshot snapshot(KeysetHandle handle, String origin) {
        for (int i = 0; i < handle.size(); i++) {
            KeysetHandle.Entry e;
            try {
                e = handle.getAt(i); // Tink parses each entry when it is first asked for
            } catch (IllegalStateException | IllegalArgumentException damaged) {
                // no cause and no Tink message: the entry is key material
                throw new SecretException(origin + ": key number " + (i + 1) + " of " + handle.size()
                        + " is damaged (its key data does not parse); restore the keyset from a copy");
            }
            Key k = e.getKey();
            // Only AES-256-GCM with Tink's prefix: the prefix is how a value names its key.
            if (!(k instanceof AesGcmKey g) || g.getParameters().getKeySizeBytes() != 32
                    || g.getParameters().getVariant() != AesGcmParameters.Variant.TINK) {
                throw new SecretException(origin + ": key " + Integer.toUnsignedString(e.getId())
                        + " is not an AES-256-GCM key with a Tink prefix: " + k.getParameters());
            }
        }
        try {
            handle.getPrimary();
        } catch (IllegalStateException e) {
            throw new SecretException(origin + ": no enabled key has the keyset's primaryKeyId");
        }
        try {
            return new Snapshot(handle, handle.getPrimitive(tink(), Aead.class));
        } catch (GeneralSecurityException e) {
            throw new SecretException(origin + ": the keyset cannot be used for AEAD", e);
        }
    }

    private void checkKeyUsable(Snapshot s, int keyId, String where) {
        KeysetHandle h = s.handle();
        for (int i = 0; i < h.size(); i++) {
            KeysetHandle.Entry e = h.getAt(i);
            if (e.getId() == keyId) {
                if (e.getStatus() != com.google.crypto.tink.KeyStatus.ENABLED) {
                    throw new SecretException(where + " is encrypted under key "
                            + Integer.toUnsignedString(keyId) + ", which is disabled in the keyring (" + origin
                            + "); enable it, or re-encrypt values before disabling their key");
                }
                return;
            }
        }
        throw new SecretException(where + " is encrypted under key "
                + Integer.toUnsignedString(keyId) + ", which is not in the keyring (" + origin + ")");
    }

    private static byte[] decode(String where, String encValue) {
        Objects.requireNonNull(encValue, "encValue");
        if (!isEncrypted(encValue)) {
            throw new SecretException(where + " is not an encrypted value (enc:...)");
        }
        byte[] ciphertext;
        try {
            ciphertext = Base64.getDecoder().decode(encValue.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new SecretException(where + " is not valid base64 after enc:");
        }
        if (ciphertext.length < MIN_CIPHERTEXT_SIZE || ciphertext[0] != TINK_PREFIX_START) {
            throw new SecretException(where + " is not a value encrypted by a TenantStore keyring");
        }
        return ciphertext;
    }

    private static int keyId(byte[] ciphertext) {
        return ((ciphertext[1] & 0xff) << 24) | ((ciphertext[2] & 0xff) << 16)
                | ((ciphertext[3] & 0xff) << 8) | (ciphertext[4] & 0xff);
    }

    private static byte[] associatedData(String tenantSlug, String fieldPath) {
        check("tenant slug", tenantSlug);
        check("field path", fieldPath);
        // NUL separators, refused in both parts: ("a", "b.c") and ("a\0b", "c") cannot collide.
        return (AD_DOMAIN + '\0' + tenantSlug + '\0' + fieldPath).getBytes(StandardCharsets.UTF_8);
    }

    private static void check(String what, String value) {
        Objects.requireNonNull(value, what);
        if (value.isBlank() || value.indexOf('\0') >= 0) {
            throw new InvalidInputException(what + " of a secret must be non-blank text without NUL: '"
                    + value.replace("\0", "\\0") + "'");
        }
    }

    private static String where(String tenantSlug, String fieldPath) {
        return "secret of tenant '" + tenantSlug + "', field '" + fieldPath + "'";
    }

    private static void warnIfOthersCanRead(Path path) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(path);
            Set<PosixFilePermission> exposed = EnumSet.of(PosixFilePermission.GROUP_READ,
                    PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);
            exposed.retainAll(perms);
            if (!exposed.isEmpty()) {
                LOG.warn("keyset file {} can be read or written by other users ({}); restrict it to its owner (chmod 600)",
                        path, PosixFilePermissions.toString(perms));
            }
        } catch (UnsupportedOperationException | IOException e) {
            // Not a POSIX file system: nothing to check.
        }
    }

    private static Configuration tink() {
        Configuration c = tink;
        if (c == null) {
            synchronized (Keyring.class) {
                c = tink;
                if (c == null) {
                    try {
                        AeadConfig.register();
                        c = RegistryConfiguration.get();
                    } catch (GeneralSecurityException e) {
                        throw new SecretException("Tink AEAD could not be initialised", e);
                    }
                    tink = c;
                }
            }
        }
        return c;
    }
}
