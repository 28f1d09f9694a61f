package io.tenantstore.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;

import io.tenantstore.InvalidInputException;
import io.tenantstore.spring.internal.TenantFilter;
import io.tenantstore.spring.internal.TenantProblemHandler;
import io.tenantstore.spring.web.TenantResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.mock.web.MockHttpServletRequest;

class TenantStoreWebAutoConfigurationTest {
    @TempDir
    Path dir;

    private WebApplicationContextRunner web() {
        return new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(TenantStoreAutoConfiguration.class,
                        TenantStoreWebAutoConfiguration.class))
                .withPropertyValues("tenantstore.fs-root=" + dir);
    }

    @Test
    void noResolverConfiguredMeansNoTenantFilter() {
        web().run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean(TenantResolver.class)
                .doesNotHaveBean(TenantFilter.class));
    }

    @Test
    void headerResolverFromProperties() {
        web().withPropertyValues("tenantstore.web.resolver=header", "tenantstore.web.header=X-Org").run(ctx -> {
            assertThat(ctx).hasSingleBean(TenantFilter.class).hasSingleBean(TenantProblemHandler.class);
            MockHttpServletRequest request = new MockHttpServletRequest();
            request.addHeader("X-Org", "acme");
            assertThat(ctx.getBean(TenantResolver.class).resolve(request)).contains("acme");
        });
    }

    @Test
    void subdomainResolverNeedsABaseDomain() {
        web().withPropertyValues("tenantstore.web.resolver=subdomain").run(ctx -> assertThat(ctx).getFailure()
                .rootCause().isInstanceOf(InvalidInputException.class).hasMessageContaining("base-domain"));
        web().withPropertyValues("tenantstore.web.resolver=subdomain", "tenantstore.web.base-domain=example.com")
                .run(ctx -> {
                    MockHttpServletRequest request = new MockHttpServletRequest();
                    request.setServerName("globex.example.com");
                    assertThat(ctx.getBean(TenantResolver.class).resolve(request)).contains("globex");
                });
    }

    @Test
    void aUserDefinedResolverWins() {
        web().withPropertyValues("tenantstore.web.resolver=header")
                .withBean("mine", TenantResolver.class, () -> request -> Optional.of("fixed-by-app"))
                .run(ctx -> {
                    assertThat(ctx).hasSingleBean(TenantResolver.class).hasBean("mine").hasSingleBean(TenantFilter.class);
                    assertThat(ctx.getBean(TenantResolver.class).resolve(new MockHttpServletRequest()))
                            .contains("fixed-by-app");
                });
    }

    @Test
    void notAWebApplicationMeansNoTenantFilter() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(TenantStoreAutoConfiguration.class,
                        TenantStoreWebAutoConfiguration.class))
                .withPropertyValues("tenantstore.fs-root=" + dir, "tenantstore.web.resolver=header")
                .run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean(TenantFilter.class));
    }
}
