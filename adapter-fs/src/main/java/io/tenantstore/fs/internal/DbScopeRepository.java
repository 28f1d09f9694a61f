package io.tenantstore.fs.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import io.tenantstore.ConflictException;
import io.tenantstore.InvalidInputException;
import io.tenantstore.NotFoundException;
import io.tenantstore.model.Scope;
import io.tenantstore.repository.ScopeRepository;
import io.tenantstore.spi.ControlPlaneStore;
import io.tenantstore.spi.ControlPlaneStore.Kind;

/** One tenant's scopes kept in the global database (scopes.yaml text). Thread-safe. */
final class DbScopeRepository implements ScopeRepository {
    private final DbControlPlane plane;
    private final String slug;

    DbScopeRepository(DbControlPlane plane, String slug) {
        this.plane = plane;
        this.slug = slug;
    }

    @Override
    public Scope create(Scope scope) {
        plane.requireWriter("scopes.create");
        validate(scope);
        return plane.edit("scopes.create", slug, Kind.SCOPES, docs -> {
            List<Scope> scopes = new ArrayList<>(parse(docs));
            if (find(scopes, scope.name()).isPresent()) {
                throw new ConflictException("scope '" + scope.name() + "' already exists in tenant '" + slug + "'");
            }
            scopes.add(scope);
            return new DbControlPlane.Edit<>(ScopesYaml.write(scopes), scope);
        });
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
        return plane.edit("scopes.update", slug, Kind.SCOPES, docs -> {
            List<Scope> scopes = new ArrayList<>(parse(docs));
            Scope old = find(scopes, scope.name()).orElseThrow(() ->
                    new NotFoundException("no scope '" + scope.name() + "' in tenant '" + slug + "'"));
            keepSystem(old, scope);
            scopes.set(scopes.indexOf(old), scope);
            return new DbControlPlane.Edit<>(ScopesYaml.write(scopes), scope);
        });
    }

    @Override
    public Scope upsert(Scope scope) {
        plane.requireWriter("scopes.upsert");
        validate(scope);
        return plane.edit("scopes.upsert", slug, Kind.SCOPES, docs -> {
            List<Scope> scopes = new ArrayList<>(parse(docs));
            Optional<Scope> old = find(scopes, scope.name());
            if (old.isPresent()) {
                keepSystem(old.get(), scope);
                scopes.set(scopes.indexOf(old.get()), scope);
            } else {
                scopes.add(scope);
            }
            return new DbControlPlane.Edit<>(ScopesYaml.write(scopes), scope);
        });
    }

    @Override
    public boolean delete(String name) {
        plane.requireWriter("scopes.delete");
        if (!InputRules.SCOPE_NAME.matcher(name).matches()) {
            return false;
        }
        Optional<Scope> existing = find(load(), name);
        if (existing.isEmpty()) {
            return false;
        }
        return plane.edit("scopes.delete", slug, Kind.SCOPES, docs -> {
            List<Scope> scopes = new ArrayList<>(parse(docs));
            Scope old = find(scopes, name).orElse(null);
            if (old == null) {
                // deleted by another writer since the check above: nothing to do
                return new DbControlPlane.Edit<>(docs.scopes().text(), Boolean.FALSE);
            }
            if (old.system()) {
                throw new InvalidInputException("scope '" + name + "' is a system scope and cannot be deleted");
            }
            scopes.remove(old);
            return new DbControlPlane.Edit<>(ScopesYaml.write(scopes), Boolean.TRUE);
        });
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
        return parse(plane.store().read(slug).orElseThrow(() -> DbControlPlane.notFound(slug)));
    }

    private List<Scope> parse(ControlPlaneStore.TenantDocuments docs) {
        return DbControlPlane.parse(docs.scopes().text(), DbControlPlane.source(slug, ScopesYaml.FILE))
                .map(ScopesYaml::read).orElse(List.of());
    }

    private static Optional<Scope> find(List<Scope> scopes, String name) {
        return scopes.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
