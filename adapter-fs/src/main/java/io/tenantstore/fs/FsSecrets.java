package io.tenantstore.fs;

import java.nio.file.Path;
import java.time.Clock;

import io.tenantstore.core.yaml.EnvSecretResolver;
import io.tenantstore.core.yaml.KeyringSecretResolver;
import io.tenantstore.core.yaml.SecretCodecs;
import io.tenantstore.core.secret.Keyring;
import io.tenantstore.fs.internal.DbControlPlane;
import io.tenantstore.fs.internal.FsControlPlane;
import io.tenantstore.spi.ControlPlaneConfig;
import io.tenantstore.spi.ControlPlaneStore;

/**
 * Operator tasks on the encrypted values of a control plane, in the YAML files or in the global
 * database. Stateless and thread-safe; the work itself runs under the files' cross-process write
 * lock, or as compare-and-set writes in the database.
 */
public final class FsSecrets {
    private FsSecrets() {
    }

    /**
     * Replaces a keyset file (or store.yaml) atomically and durably, readable by its owner only.
     *
     * @param file    the file
     * @param content its new text
     * @throws java.io.IOException when a step fails; the file is then unchanged
     */
    public static void writeOwnerOnly(Path file, String content) throws java.io.IOException {
        FsControlPlane.writeOwnerOnly(file, content);
    }

    /** Work done while holding a keyset's lock. */
    @FunctionalInterface
    public interface KeysetWork<T> {
        /**
         * @return its result
         * @throws Exception when the work fails
         */
        T run() throws Exception;
    }

    /**
     * Runs {@code work} (read the keyset, change it, write it back) holding an exclusive lock on
     * {@code <keyset>.lock}, across threads and processes, so two commands that change one keyset
     * at the same time never lose each other's change; waits while another holds it.
     *
     * @param keysetFile the keyset file
     * @param work       the read-modify-write
     * @param <T>        its result type
     * @return its result
     * @throws Exception what the work throws, or an {@link java.io.IOException} when the lock file
     *                   cannot be created or locked
     */
    public static <T> T underKeysetLock(Path keysetFile, KeysetWork<T> work) throws Exception {
        Path file = keysetFile.toAbsolutePath().normalize();
        return io.tenantstore.fs.internal.WriteLock.onFile(file.resolveSibling(file.getFileName() + ".lock"))
                .run(work::run);
    }

    /**
     * Re-encrypts every {@code enc:} value of every tenant under the keyring's primary key, the
     * middle step of a key rotation (add a key; promote it in memory, re-encrypt, then write the
     * keyset; later disable the old key). Every file is re-encrypted in memory before any is
     * written.
     *
     * @param fsRoot  the control-plane root
     * @param keyring holds the new primary key and every key values are currently under
     * @return how many values were re-encrypted
     * @throws io.tenantstore.SecretException naming tenant and field for a value no enabled key
     *         decrypts, and {@link io.tenantstore.InvalidInputException} naming file and line for a
     *         file that does not parse; either way before any file is written
     */
    public static int reEncrypt(Path fsRoot, Keyring keyring) {
        return reEncryptFiles(fsRoot, keyring);
    }

    /**
     * Re-encrypts every {@code enc:} value of every tenant of the control plane held in a global
     * database (its home with {@code controlPlane.source: database}, or the files' copy) under the
     * keyring's primary key. Running processes pick up the rewritten tenants from the change log.
     *
     * @param store   the global database's control plane
     * @param keyring holds the new primary key and every key values are currently under
     * @return how many values were re-encrypted
     * @throws io.tenantstore.SecretException naming tenant and field for a value no enabled key decrypts
     */
    public static int reEncrypt(ControlPlaneStore store, Keyring keyring) {
        return DbControlPlane.reEncryptSecrets(java.util.Objects.requireNonNull(store, "store"),
                java.util.Objects.requireNonNull(keyring, "keyring"));
    }

    private static int reEncryptFiles(Path fsRoot, Keyring keyring) {
        ControlPlaneConfig config = new ControlPlaneConfig(fsRoot, true, Clock.systemUTC(),
                SecretCodecs.toCodec(new KeyringSecretResolver(keyring, EnvSecretResolver.system())));
        try (FsControlPlane plane = FsControlPlane.open(config)) {
            return plane.reEncryptSecrets(keyring);
        }
    }
}
