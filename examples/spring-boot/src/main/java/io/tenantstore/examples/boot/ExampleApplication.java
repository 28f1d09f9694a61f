package io.tenantstore.examples.boot;

import java.util.List;

import io.tenantstore.DataAccessLayer;
import io.tenantstore.model.NewTenant;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** A Spring Boot service with sign-up, login and refresh-token rotation for several tenants. */
@SpringBootApplication
public class ExampleApplication {
    /** @param args command-line arguments */
    public static void main(String[] args) {
        SpringApplication.run(ExampleApplication.class, args);
    }

    /**
     * Creates the example's tenants when they do not exist yet; a real deployment creates tenants
     * with {@code tenantstore tenants create}.
     *
     * @param store   the auto-configured store
     * @param tenants slugs from {@code example.tenants}
     * @return the runner
     */
    @Bean
    ApplicationRunner createExampleTenants(DataAccessLayer store, @Value("${example.tenants}") List<String> tenants) {
        return args -> tenants.forEach(slug -> {
            if (store.config().tenants().getBySlug(slug).isEmpty()) {
                store.config().tenants().create(NewTenant.of(slug, slug));
            }
        });
    }
}
