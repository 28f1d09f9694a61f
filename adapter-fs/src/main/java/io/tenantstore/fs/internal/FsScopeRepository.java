package io.tenantstore.fs.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import io.tenantstore.ConflictException;
import io.tenantstore.InvalidInputException;
import io.tenantstore.NotFoundException;
import io.tenantstore.TenantNotFoundException;
import io.tenantstore.model.Scope;
import io.tenantstore.repository.ScopeRepository;

/**
 * One tenant's scopes in scopes.yaml. System scopes can be neither deleted nor made ordinary.
 * Thread-safe.
 */
final class FsScopeRepository implements ScopeRepository {
    private final FsControlPlane plane;
    private final String slug;

    FsScopeRepository(FsControlPlane plane, String slug) {
        this.plane = plane;
        this.slug = slug;
    }

    @Override
    public Scope create(Scope scope) {
        plane.requireWriter("scopes.create");
        validate(scope);
        plane.write("scopes.create", () -> {
            List<Scope> scopes = new ArrayList<>(loadForWrite());
            if (find(scopes, scope.name()).isPresent()) {
                throw new ConflictException("scope '" + scope.name() + "' already exists in tenant '" + slug + "'");
            }
            scopes.add(scope);
            save(scopes);
            return scope;
        });
        plane.changed(slug);
        return scope;
    }

    @Override
    public Optional<Scope> getByName(String name) {
        return find(load(), name);
    }

    @Override
    public List<Scope> list() {
        return load().stream().sorted(Comparator.comparing(Scope::name)).toList();
    }

    @Override
    public Scope update(Scope scope) {
        plane.requireWriter("scopes.update");
        validate(scope);
        plane.write("scopes.update", () -> {
            List<Scope> scopes = new ArrayList<>(loadForWrite());
            Scope old = find(scopes, scope.name()).orElseThrow(() ->
                    new NotFoundException("no scope '" + scope.name() + "' in tenant '" + slug + "'"));
            keepSystem(old, scope);
            scopes.set(scopes.indexOf(old), scope);
            save(scopes);
            return scope;
        });
        plane.changed(slug);
        return scope;
    }

    @Override
    public Scope upsert(Scope scope) {
        plane.requireWriter("scopes.upsert");
        validate(scope);
        plane.write("scopes.upsert", () -> {
            List<Scope> scopes = new ArrayList<>(loadForWrite());
            Optional<Scope> old = find(scopes, scope.name());
            if (old.isPresent()) {
                keepSystem(old.get(), scope);
                scopes.set(scopes.indexOf(old.get()), scope);
            } else {
                scopes.add(scope);
            }
            save(scopes);
            return scope;
        });
        plane.changed(slug);
        return scope;
    }

    @Override
    public boolean delete(String name) {
        plane.requireWriter("scopes.delete");
        if (!InputRules.SCOPE_NAME.matcher(name).matches()) {
            return false;
        }
        boolean deleted = plane.write("scopes.delete", () -> {
            List<Scope> scopes = new ArrayList<>(loadForWrite());
            Optional<Scope> old = find(scopes, name);
            if (old.isEmpty()) {
                return false;
            }
            if (old.get().system()) {
                throw new InvalidInputException("scope '" + name + "' is a system scope and cannot be deleted");
            }
            scopes.remove(old.get());
            save(scopes);
            return true;
        });
        if (deleted) {
            plane.changed(slug);
        }
        return deleted;
    }

    // ---- helpers ----

    private static void validate(Scope scope) {
        InputRules.scopeName(scope.name());
        InputRules.description(scope.description());
    }

    private static void keepSystem(Scope old, Scope next) {
        if (old.system() && !next.system()) {
            throw new InvalidInputException("scope '" + old.name() + "' is a system scope and must stay one");
        }
    }

    private List<Scope> load() {
        plane.ensureOpen();
        return plane.read(slug, ScopesYaml.FILE).map(ScopesYaml::read).orElseGet(() -> {
            if (!plane.exists(slug)) {
                throw new TenantNotFoundException("no tenant with slug '" + slug + "'");
            }
            return List.of(); // a hand-made tenant without scopes.yaml
        });
    }

    private List<Scope> loadForWrite() {
        if (!plane.exists(slug)) {
            throw new TenantNotFoundException("no tenant with slug '" + slug + "'");
        }
        return load();
    }

    private void save(List<Scope> scopes) throws IOException {
        AtomicFiles.write(plane.dir(slug).resolve(ScopesYaml.FILE), ScopesYaml.write(scopes), plane.hooks());
    }

    private static Optional<Scope> find(List<Scope> scopes, String name) {
        return scopes.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
