package io.tenantstore.spring.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.tenantstore.DataAccessLayer;
import io.tenantstore.DbConfig;
import io.tenantstore.PoolSettings;
import io.tenantstore.TenantDataAccess;
import io.tenantstore.core.TenantStore;
import io.tenantstore.model.NewTenant;
import io.tenantstore.model.TenantDatabase;
import io.tenantstore.model.TenantSettings;
import io.tenantstore.spring.web.TenantRequests;
import io.tenantstore.spring.web.TenantResolvers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class TenantFilterTest {
    @TempDir
    Path dir;
    private DataAccessLayer store;
    private TenantFilter filter;

    @BeforeEach
    void open() {
        store = TenantStore.builder().fsRoot(dir).noBackgroundMaintenance().build();
        store.config().tenants().create(NewTenant.of("acme", "Acme"));
        // a tenant whose own database does not answer: nothing listens on port 1
        DbConfig down = DbConfig.builder("postgres", "jdbc:postgresql://127.0.0.1:1/none")
                .pool(new PoolSettings(1, 0, Duration.ofMillis(250))).build();
        store.config().tenants().create(new NewTenant("down", "Down", "Down", TenantSettings.DEFAULTS,
                TenantDatabase.own(down)));
        filter = new TenantFilter(new TenantBinder(store, TenantResolvers.header("X-Tenant")), List.of("/**"),
                List.of("/actuator/**"));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aKnownTenantIsBoundAndTheChainRuns() throws Exception {
        MockHttpServletRequest request = request("/users", "acme");
        MockFilterChain chain = new MockFilterChain();
        filter.doFilter(request, new MockHttpServletResponse(), chain);
        assertThat(chain.getRequest()).isSameAs(request);
        assertThat(TenantRequests.current(request)).map(TenantDataAccess::slug).contains("acme");
    }

    @Test
    void noTenantIs400WithAProblemAndTheApplicationIsNotCalled() throws Exception {
        MockHttpServletResponse response = run(request("/users", null));
        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.getContentType()).startsWith("application/problem+json");
        assertThat(response.getContentAsString()).contains("\"status\":400").contains("\"code\":\"TENANT_REQUIRED\"")
                .contains("\"instance\":\"/users\"");
    }

    @Test
    void anUnknownTenantIs404() throws Exception {
        MockHttpServletResponse response = run(request("/users", "nobody"));
        assertThat(response.getStatus()).isEqualTo(404);
        assertThat(response.getContentAsString()).contains("\"code\":\"TENANT_NOT_FOUND\"");
    }

    @Test
    void aMalformedTenantIs400AndItsTextIsEscaped() throws Exception {
        MockHttpServletResponse response = run(request("/users", "Bad\"<x>"));
        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.getContentAsString()).contains("\"code\":\"INVALID_INPUT\"")
                .doesNotContain("<x>").doesNotContain("Bad\"<");
    }

    @Test
    void aTenantWhoseDatabaseIsDownIs503WithoutTheDataSourceInTheBody() throws Exception {
        MockHttpServletResponse response = run(request("/users", "down"));
        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeader("Retry-After")).isEqualTo("1");
        assertThat(response.getContentAsString()).contains("\"code\":\"UNAVAILABLE\"").doesNotContain("127.0.0.1");
    }

    @Test
    void excludedPathsPassWithoutATenant() throws Exception {
        MockHttpServletRequest request = request("/actuator/health", null);
        MockFilterChain chain = new MockFilterChain();
        filter.doFilter(request, new MockHttpServletResponse(), chain);
        assertThat(chain.getRequest()).isSameAs(request);
        assertThat(TenantRequests.current(request)).isEmpty();
    }

    private MockHttpServletResponse run(MockHttpServletRequest request) throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();
        filter.doFilter(request, response, chain);
        assertThat(chain.getRequest()).as("application called").isNull();
        return response;
    }

    private static MockHttpServletRequest request(String path, String tenant) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
        if (tenant != null) {
            request.addHeader("X-Tenant", tenant);
        }
        return request;
    }
}
