package io.tenantstore.examples.plain;

import java.io.PrintStream;
import java.nio.file.Path;

import io.tenantstore.DataAccessLayer;
import io.tenantstore.TenantDataAccess;
import io.tenantstore.model.NewTenant;
import io.tenantstore.model.NewUser;
import io.tenantstore.model.User;
import io.tenantstore.core.TenantStore;

/**
 * Opens a store from a store.yaml, makes sure tenants {@code acme} and {@code globex} exist, signs a
 * user up in each and shows that neither tenant sees the other's user.
 */
public final class PlainJavaExample {
    private PlainJavaExample() {
    }

    /** @param args the store.yaml path (default: store.yaml) */
    public static void main(String[] args) {
        run(TenantStore.builder(Path.of(args.length > 0 ? args[0] : "store.yaml")), System.out);
    }

    /**
     * @param store the store's settings, e.g. {@code TenantStore.builder(Path.of("store.yaml"))}
     * @param out   where the walk-through is printed
     */
    public static void run(TenantStore.Builder store, PrintStream out) {
        try (DataAccessLayer opened = store.build()) {
            walkThrough(opened, out);
        }
    }

    private static void walkThrough(DataAccessLayer store, PrintStream out) {
        out.println("mode: " + store.mode());
        for (String slug : new String[] {"acme", "globex"}) {
            if (store.config().tenants().getBySlug(slug).isEmpty()) {
                store.config().tenants().create(NewTenant.of(slug, slug));
                out.println("created tenant " + slug);
            }
        }
        TenantDataAccess acme = store.forTenant("acme");
        TenantDataAccess globex = store.forTenant("globex");
        User ana = signUp(store, acme, "ana@acme.io", "correct horse battery");
        User bob = signUp(store, globex, "bob@globex.io", "hunter2 hunter2");
        out.println("acme: ana=" + ana.id() + " password ok="
                + acme.users().checkPassword(ana.id(), "correct horse battery".toCharArray()));
        out.println("globex: bob=" + bob.id());
        out.println("acme sees bob: " + acme.users().getById(bob.id()).isPresent());
        out.println("globex sees ana: " + globex.users().getByEmail("ana@acme.io").isPresent());
        out.println("pools: " + store.stats().pools().size() + ", healthy: " + store.health().healthy());
    }

    private static User signUp(DataAccessLayer store, TenantDataAccess tenant, String email, String password) {
        return tenant.users().getByEmail(email).map(a -> a.user()).orElseGet(() -> tenant.users()
                .create(NewUser.of(email, store.passwordHasher().hash(password.toCharArray()))));
    }
}
