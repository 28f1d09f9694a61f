package io.tenantstore.repository;

import java.util.List;
import java.util.Optional;

import io.tenantstore.model.Scope;

/** Scopes of one tenant (control plane). System scopes cannot be deleted. Thread-safe. */
public interface ScopeRepository {
    /** @param scope the new scope @return it @throws io.tenantstore.ConflictException when the name is taken */
    Scope create(Scope scope);

    /** @param name scope name @return the scope, if any */
    Optional<Scope> getByName(String name);

    /** @return every scope, system scopes included, by name */
    List<Scope> list();

    /** @param scope the scope with new values @return it @throws io.tenantstore.NotFoundException when absent */
    Scope update(Scope scope);

    /** @param scope the scope @return it, created or replaced */
    Scope upsert(Scope scope);

    /**
     * @param name scope name
     * @return whether it existed
     * @throws io.tenantstore.InvalidInputException for a system scope
     */
    boolean delete(String name);
}
