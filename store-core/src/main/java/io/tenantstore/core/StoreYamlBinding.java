package io.tenantstore.core;

import java.nio.file.Path;

import io.tenantstore.core.yaml.StoreFile;

/** Turns a parsed store.yaml into a {@link TenantStore.Builder}. Stateless, thread-safe. */
final class StoreYamlBinding {
    private StoreYamlBinding() {
    }

    static TenantStore.Builder builderFor(Path storeYaml) {
        StoreFile file = StoreFile.read(storeYaml);
        TenantStore.Builder b = TenantStore.builder()
                .fsRoot(file.fsRoot())
                .controlPlaneWriter(file.writer());
        file.keyring().ifPresent(b::secrets);
        file.defaultTenantDb().ifPresent(b::defaultTenantDb);
        file.globalDb().ifPresent(b::globalDb);
        file.controlPlaneSource().ifPresent(b::controlPlaneSource);
        file.controlPlaneProvider().ifPresent(b::controlPlane);
        file.cache().ifPresent(b::cache);
        file.pools().maxPools().ifPresent(b::maxPools);
        file.pools().idleTimeout().ifPresent(b::poolIdleTimeout);
        file.pools().healthCheckInterval().ifPresent(b::healthCheckInterval);
        file.pools().maxCachedTenants().ifPresent(b::maxCachedTenants);
        return b;
    }
}
