package io.tenantstore.spring;

import io.tenantstore.DataAccessLayer;
import io.tenantstore.spring.internal.TenantStoreHealthIndicator;
import io.tenantstore.spring.internal.TenantStoreInfoContributor;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Actuator contributors for the store: health {@code tenantStore} (control plane, pools, breakers;
 * off with {@code management.health.tenantstore.enabled=false}) and info {@code tenantstore} (mode,
 * adapters). Each is skipped when its Actuator module is absent or the application defines a bean of
 * the same name. Thread-safe (Spring configuration).
 */
@AutoConfiguration(after = TenantStoreAutoConfiguration.class)
@ConditionalOnBean(DataAccessLayer.class)
public class TenantStoreActuatorAutoConfiguration {
    /** Creates the configuration; Spring calls it. */
    public TenantStoreActuatorAutoConfiguration() {
    }

    /** The health indicator, when spring-boot-health is present. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class})
    @ConditionalOnEnabledHealthIndicator("tenantstore")
    static class Health {
        @Bean
        @ConditionalOnMissingBean(name = "tenantStoreHealthIndicator")
        TenantStoreHealthIndicator tenantStoreHealthIndicator(DataAccessLayer store) {
            return new TenantStoreHealthIndicator(store);
        }
    }

    /** The info contributor, when spring-boot-actuator is present. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(InfoContributor.class)
    static class Info {
        @Bean
        @ConditionalOnMissingBean(name = "tenantStoreInfoContributor")
        TenantStoreInfoContributor tenantStoreInfoContributor(DataAccessLayer store) {
            return new TenantStoreInfoContributor(store, DataAccessLayer.class.getClassLoader());
        }
    }
}
