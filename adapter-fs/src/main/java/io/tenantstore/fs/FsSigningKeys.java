package io.tenantstore.fs;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import io.tenantstore.core.keys.SigningKeyService;
import io.tenantstore.core.secret.Keyring;
import io.tenantstore.core.yaml.EnvSecretResolver;
import io.tenantstore.core.yaml.KeyringSecretResolver;
import io.tenantstore.core.yaml.SecretCodecs;
import io.tenantstore.fs.internal.DbSigningKeyStore;
import io.tenantstore.fs.internal.SigningKeyFiles;
import io.tenantstore.repository.SigningKeyRepository;
import io.tenantstore.spi.ControlPlaneStore;

/**
 * Tenants' token-signing keys without opening a store (the CLI's {@code keys} and
 * {@code secrets rotate}): over the control-plane files ({@code tenants/<slug>/keys.yaml}) or over
 * the control plane in a global database. A running store reaches the same keys through
 * {@code store.config().signingKeys()}. Thread-safe (stateless).
 */
public final class FsSigningKeys {
    private FsSigningKeys() {
    }

    /**
     * @param fsRoot  the control-plane root
     * @param keyring the store's keyring, or null when none is configured (then only reading works)
     * @param clock   the time source for rotation and grace periods
     * @return the signing keys kept in the files under that root
     */
    public static SigningKeyRepository open(Path fsRoot, @Nullable Keyring keyring, Clock clock) {
        Objects.requireNonNull(fsRoot, "fsRoot");
        return new SigningKeyService(new SigningKeyFiles(fsRoot, () -> { }, slug -> { }), codec(keyring),
                Objects.requireNonNull(clock, "clock"));
    }

    /**
     * The files as the source with a copy in a global database ({@code controlPlane.source: files}
     * and a {@code globalDb}): every write goes to the files, then the tenant is copied to the
     * database in the same call.
     *
     * @param fsRoot  the control-plane root
     * @param copy    the database holding the copy
     * @param keyring the store's keyring, or null when none is configured (then only reading works)
     * @param clock   the time source for rotation and grace periods
     * @return the signing keys kept in the files under that root
     */
    public static SigningKeyRepository openMirrored(Path fsRoot, ControlPlaneStore copy, @Nullable Keyring keyring,
                                                    Clock clock) {
        Objects.requireNonNull(fsRoot, "fsRoot");
        Objects.requireNonNull(copy, "copy");
        return new SigningKeyService(new SigningKeyFiles(fsRoot, () -> { },
                slug -> io.tenantstore.fs.internal.ControlPlaneCopy.mirror(fsRoot, copy, slug, deleted -> false)),
                codec(keyring),
                Objects.requireNonNull(clock, "clock"));
    }

    /**
     * @param store   the control plane held in a global database
     * @param keyring the store's keyring, or null when none is configured (then only reading works)
     * @param clock   the time source for rotation and grace periods
     * @return the signing keys kept in that database; running stores pick up writes from its change log
     */
    public static SigningKeyRepository open(ControlPlaneStore store, @Nullable Keyring keyring, Clock clock) {
        Objects.requireNonNull(store, "store");
        return new SigningKeyService(new DbSigningKeyStore(store, () -> { }, slug -> { }), codec(keyring),
                Objects.requireNonNull(clock, "clock"));
    }

    /**
     * Re-encrypts every tenant's private signing keys in the files under the keyring's primary
     * key; run it after promoting a new keyring key and before disabling the old one.
     *
     * @param fsRoot  the control-plane root
     * @param keyring holds the new primary key and every key the private keys are under now
     * @return how many private keys were re-encrypted
     * @throws io.tenantstore.SecretException when a private key does not decrypt under any enabled key
     */
    public static int reEncrypt(Path fsRoot, Keyring keyring) {
        return SigningKeyService.reEncryptAll(new SigningKeyFiles(fsRoot, () -> { }, slug -> { }), keyring);
    }

    /**
     * Re-encrypts every tenant's private signing keys held in a global database under the
     * keyring's primary key; running stores pick the rewritten keys up from the change log.
     *
     * @param store   the control plane held in a global database
     * @param keyring holds the new primary key and every key the private keys are under now
     * @return how many private keys were re-encrypted
     * @throws io.tenantstore.SecretException when a private key does not decrypt under any enabled key
     */
    public static int reEncrypt(ControlPlaneStore store, Keyring keyring) {
        return SigningKeyService.reEncryptAll(new DbSigningKeyStore(store, () -> { }, slug -> { }), keyring);
    }

    private static io.tenantstore.spi.@Nullable SecretCodec codec(@Nullable Keyring keyring) {
        return keyring == null ? null
                : SecretCodecs.toCodec(new KeyringSecretResolver(keyring, EnvSecretResolver.system()));
    }
}
