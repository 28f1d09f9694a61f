package io.tenantstore.spring.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import io.tenantstore.Capabilities;
import io.tenantstore.DataAccessLayer;
import io.tenantstore.spi.StoreAdapter;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;

/**
 * Actuator info of a store under {@code tenantstore}: its operational mode, capabilities, and the
 * names of the adapters found on the class path. Thread-safe; the adapter list is read once.
 */
public final class TenantStoreInfoContributor implements InfoContributor {
    private final DataAccessLayer store;
    private final List<String> adapters;

    /**
     * @param store  the store
     * @param loader where the adapters are discovered
     */
    public TenantStoreInfoContributor(DataAccessLayer store, ClassLoader loader) {
        this.store = store;
        this.adapters = ServiceLoader.load(StoreAdapter.class, loader).stream()
                .map(p -> p.get().name()).sorted().toList();
    }

    @Override
    public void contribute(Info.Builder builder) {
        Capabilities c = store.capabilities();
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("mode", store.mode().name());
        info.put("adapters", adapters);
        info.put("capabilities", Map.of("defaultTenantData", c.defaultTenantData(),
                "controlPlaneWrites", c.controlPlaneWrites(), "globalMirror", c.globalMirror(), "cache", c.cache()));
        builder.withDetail("tenantstore", info);
    }
}
