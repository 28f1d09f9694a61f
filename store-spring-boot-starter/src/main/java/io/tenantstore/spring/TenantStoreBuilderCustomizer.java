package io.tenantstore.spring;

import io.tenantstore.core.TenantStore;

/**
 * Adjusts the {@link TenantStore.Builder} the auto-configuration fills from {@code tenantstore.*}
 * properties, just before the store is opened (an executor, a password hasher, a keyring...).
 * Customizers run in {@link org.springframework.core.annotation.Order} order, after the
 * application's {@code Clock} and {@code MeterRegistry} were applied. Implementations must be
 * thread-safe if shared; they are called once per store.
 */
@FunctionalInterface
public interface TenantStoreBuilderCustomizer {
    /** @param builder the builder, already holding the configured settings */
    void customize(TenantStore.Builder builder);
}
