package io.tenantstore.fs.internal;

import java.util.List;
import java.util.function.Consumer;

import io.tenantstore.spi.ControlPlaneStore;
import io.tenantstore.spi.ControlPlaneStore.Kind;
import io.tenantstore.spi.SigningKeyStore;

/**
 * Tenants' signing keys kept in the global database: each tenant's keys.yaml document (see
 * {@link KeysYaml}; private keys only as {@code enc:} values), replaced by compare-and-set on its
 * revision, each write appended to the change log. Thread-safe.
 */
public final class DbSigningKeyStore implements SigningKeyStore {
    private final ControlPlaneStore store;
    private final Runnable beforeWrite;
    private final Consumer<String> afterWrite;

    /**
     * @param store       the control plane in the database
     * @param beforeWrite checks that this process may write (throws when not)
     * @param afterWrite  told of the tenant after each write
     */
    public DbSigningKeyStore(ControlPlaneStore store, Runnable beforeWrite, Consumer<String> afterWrite) {
        this.store = store;
        this.beforeWrite = beforeWrite;
        this.afterWrite = afterWrite;
    }

    @Override
    public Snapshot read(String slug) {
        Slugs.validate(slug);
        ControlPlaneStore.Document doc = store.read(slug).orElseThrow(() -> DbControlPlane.notFound(slug)).signingKeys();
        return new Snapshot(doc.revision(), KeysYaml.parse(doc.text(), describe(slug)));
    }

    @Override
    public boolean replace(String slug, long expectedRevision, List<StoredKey> keys) {
        beforeWrite.run();
        Slugs.validate(slug);
        if (store.read(slug).isEmpty()) {
            throw DbControlPlane.notFound(slug);
        }
        boolean written = store.replace(slug, Kind.SIGNING_KEYS, expectedRevision,
                new ControlPlaneStore.Document(expectedRevision + 1, KeysYaml.render(keys)));
        if (written) {
            afterWrite.accept(slug);
        }
        return written;
    }

    @Override
    public List<String> slugs() {
        return store.slugs();
    }

    @Override
    public String describe(String slug) {
        return DbControlPlane.source(slug, KeysYaml.FILE);
    }
}
