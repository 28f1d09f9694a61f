package io.tenantstore.fs.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import io.tenantstore.ConflictException;
import io.tenantstore.spi.ControlPlaneStore;

/**
 * The administrators kept in the global database: the admins.yaml document of
 * {@link ControlPlaneStore#admins()}, every write a compare-and-set on its revision (retried when
 * another process wrote in between), so a stale version is a {@link ConflictException} across
 * processes exactly as with the file. Rules and form: {@link AdminsYaml}. Thread-safe.
 */
final class DbAdminRepository extends AdminsYaml {
    /** How messages name the document. */
    static final String SOURCE = "globalDb:" + FILE;

    private final DbControlPlane plane;

    DbAdminRepository(DbControlPlane plane) {
        super(plane.clock());
        this.plane = plane;
    }

    @Override
    List<Stored> read() {
        plane.ensureOpen();
        return parse(plane.store().admins().text(), SOURCE);
    }

    @Override
    <T> T write(String operation, Function<List<Stored>, T> change) {
        plane.requireWriter(operation);
        ControlPlaneStore store = plane.store();
        for (int attempt = 0; attempt < DbControlPlane.MAX_ATTEMPTS; attempt++) {
            ControlPlaneStore.Document current = store.admins();
            List<Stored> all = new ArrayList<>(parse(current.text(), SOURCE));
            T result = change.apply(all);
            if (store.replaceAdmins(current.revision(),
                    new ControlPlaneStore.Document(current.revision() + 1, render(all)))) {
                return result;
            }
        }
        throw new ConflictException(operation + " gave up after " + DbControlPlane.MAX_ATTEMPTS
                + " attempts: other writers kept changing the administrators");
    }

    @Override
    void touch(String operation) {
        plane.requireWriter(operation);
        ControlPlaneStore store = plane.store();
        for (int attempt = 0; attempt < DbControlPlane.MAX_ATTEMPTS; attempt++) {
            ControlPlaneStore.Document current = store.admins();
            // the same text (a document that never held any stays blank) under the next revision
            if (store.replaceAdmins(current.revision(),
                    new ControlPlaneStore.Document(current.revision() + 1, current.text()))) {
                return;
            }
        }
        throw new ConflictException(operation + " gave up after " + DbControlPlane.MAX_ATTEMPTS
                + " attempts: other writers kept changing the administrators");
    }

    @Override
    void requireTenant(String slug) {
        plane.existingTenant(slug);
    }
}
