package io.tenantstore.core;

import java.nio.file.Path;

import io.tenantstore.SecretException;
import io.tenantstore.core.internal.yaml.StoreFile;

/** Turns a parsed store.yaml into a {@link TenantStore.Builder}. Stateless, thread-safe. */
final class StoreYamlBinding {
    private StoreYamlBinding() {
    }

    static TenantStore.Builder builderFor(Path storeYaml) {
        StoreFile file = StoreFile.read(storeYaml);
        if (file.secretsKeyset().isPresent()) {
            throw new SecretException(storeYaml + ": 'secrets' (a Tink keyring for enc: values) is not supported by"
                    + " this version; remove the secrets block and use ${ENV} references");
        }
        TenantStore.Builder b = TenantStore.builder()
                .fsRoot(file.fsRoot())
                .controlPlaneWriter(file.writer());
        file.defaultTenantDb().ifPresent(b::defaultTenantDb);
        file.globalDb().ifPresent(b::globalDb);
        file.pools().maxPools().ifPresent(b::maxPools);
        file.pools().idleTimeout().ifPresent(b::poolIdleTimeout);
        file.pools().healthCheckInterval().ifPresent(b::healthCheckInterval);
        return b;
    }
}
