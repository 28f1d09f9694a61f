package io.tenantstore.spring;

import java.util.List;

import io.tenantstore.DataAccessLayer;
import io.tenantstore.InvalidInputException;
import io.tenantstore.spring.internal.TenantArgumentResolver;
import io.tenantstore.spring.internal.TenantBinder;
import io.tenantstore.spring.internal.TenantFilter;
import io.tenantstore.spring.internal.TenantProblemHandler;
import io.tenantstore.spring.web.TenantResolver;
import io.tenantstore.spring.web.TenantResolvers;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Tenant resolution for servlet web applications: a {@link TenantResolver} from
 * {@code tenantstore.web.resolver} (or the application's own bean), a filter binding each request's
 * tenant on {@code tenantstore.web.include-paths} minus {@code exclude-paths}, controller arguments of
 * type {@code TenantDataAccess}, and problem-details answers. Off without a resolver. Thread-safe
 * (Spring configuration).
 */
@AutoConfiguration(after = TenantStoreAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(WebMvcConfigurer.class)
@ConditionalOnBean(DataAccessLayer.class)
public class TenantStoreWebAutoConfiguration {
    /** Creates the configuration; Spring calls it. */
    public TenantStoreWebAutoConfiguration() {
    }

    /**
     * @param properties the {@code tenantstore.*} properties
     * @return the resolver {@code tenantstore.web.resolver} names
     * @throws InvalidInputException when its settings are missing or invalid
     */
    @Bean
    @ConditionalOnMissingBean(TenantResolver.class)
    @ConditionalOnProperty(prefix = "tenantstore.web", name = "resolver")
    public TenantResolver tenantResolver(TenantStoreProperties properties) {
        TenantStoreProperties.Web web = properties.getWeb();
        TenantStoreProperties.ResolverKind kind = java.util.Objects.requireNonNull(web.getResolver(), "resolver");
        return switch (kind) {
            case HEADER -> TenantResolvers.header(web.getHeader());
            case SUBDOMAIN -> {
                if (web.getBaseDomain() == null) {
                    throw new InvalidInputException("tenantstore.web.base-domain is required with resolver subdomain");
                }
                yield TenantResolvers.subdomain(web.getBaseDomain());
            }
            case PATH -> TenantResolvers.pathSegment(web.getPathSegment());
            case JWT_CLAIM -> TenantResolvers.jwtClaim(web.getClaim(), web.getClaimsAttribute());
        };
    }

    /**
     * @param store    the store
     * @param resolver which tenant a request is for
     * @return the binder the filter and argument resolver share
     */
    @Bean
    @ConditionalOnBean(TenantResolver.class)
    @ConditionalOnMissingBean
    public TenantBinder tenantBinder(DataAccessLayer store, TenantResolver resolver) {
        return new TenantBinder(store, resolver);
    }

    /**
     * @param binder     resolves and binds the tenant
     * @param properties the {@code tenantstore.*} properties
     * @return the tenant filter (registered by Spring Boot for every request, skipping excluded paths)
     */
    @Bean
    @ConditionalOnBean(TenantBinder.class)
    @ConditionalOnMissingBean
    public TenantFilter tenantFilter(TenantBinder binder, TenantStoreProperties properties) {
        return new TenantFilter(binder, properties.getWeb().getIncludePaths(), properties.getWeb().getExcludePaths());
    }

    /**
     * @param binder resolves and binds the tenant
     * @return MVC configuration adding the {@code TenantDataAccess} argument resolver
     */
    @Bean
    @ConditionalOnBean(TenantBinder.class)
    public WebMvcConfigurer tenantStoreWebMvcConfigurer(TenantBinder binder) {
        return new WebMvcConfigurer() {
            @Override
            public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                resolvers.add(new TenantArgumentResolver(binder));
            }
        };
    }

    /** @return problem-details answers for tenant failures raised in controllers */
    @Bean
    @ConditionalOnBean(TenantBinder.class)
    @ConditionalOnMissingBean
    public TenantProblemHandler tenantProblemHandler() {
        return new TenantProblemHandler();
    }
}
