package io.tenantstore.spring.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.Principal;
import java.util.Map;

import io.tenantstore.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class TenantResolversTest {
    @Test
    void headerReadsTheValueAndTreatsBlankAsAbsent() {
        TenantResolver r = TenantResolvers.header("X-Tenant");
        MockHttpServletRequest request = new MockHttpServletRequest();
        assertThat(r.resolve(request)).isEmpty();
        request.addHeader("X-Tenant", "  ");
        assertThat(r.resolve(request)).isEmpty();
        MockHttpServletRequest acme = new MockHttpServletRequest();
        acme.addHeader("x-tenant", "acme");
        assertThat(r.resolve(acme)).contains("acme");
    }

    @Test
    void subdomainTakesExactlyOneLabelUnderTheBaseDomain() {
        TenantResolver r = TenantResolvers.subdomain("Example.com");
        assertThat(r.resolve(host("acme.example.com"))).contains("acme");
        assertThat(r.resolve(host("ACME.EXAMPLE.COM."))).contains("acme");
        assertThat(r.resolve(host("example.com"))).isEmpty();
        assertThat(r.resolve(host("a.b.example.com"))).isEmpty();
        assertThat(r.resolve(host("acme.example.org"))).isEmpty();
        assertThat(r.resolve(host("evilexample.com"))).isEmpty();
    }

    @Test
    void pathSegmentIsCountedInsideTheContextPath() {
        TenantResolver r = TenantResolvers.pathSegment(1);
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/app/t/acme/users");
        request.setContextPath("/app");
        assertThat(r.resolve(request)).contains("acme");
        assertThat(r.resolve(new MockHttpServletRequest("GET", "/t"))).isEmpty();
        assertThat(r.resolve(new MockHttpServletRequest("GET", "/t//users"))).isEmpty();
        assertThatThrownBy(() -> TenantResolvers.pathSegment(-1)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("-1");
    }

    @Test
    void jwtClaimReadsVerifiedClaimsFromTheAttributeOrTheTokenPrincipal() {
        TenantResolver r = TenantResolvers.jwtClaim("tenant", "claims");
        MockHttpServletRequest fromAttribute = new MockHttpServletRequest();
        fromAttribute.setAttribute("claims", Map.of("tenant", "acme", "sub", "ana"));
        assertThat(r.resolve(fromAttribute)).contains("acme");

        MockHttpServletRequest fromPrincipal = new MockHttpServletRequest();
        fromPrincipal.setUserPrincipal(new TokenPrincipal(Map.of("tenant", "globex")));
        assertThat(r.resolve(fromPrincipal)).contains("globex");

        MockHttpServletRequest notAString = new MockHttpServletRequest();
        notAString.setAttribute("claims", Map.of("tenant", 42));
        assertThat(r.resolve(notAString)).isEmpty();

        MockHttpServletRequest plainPrincipal = new MockHttpServletRequest();
        plainPrincipal.setUserPrincipal(() -> "ana");
        assertThat(r.resolve(plainPrincipal)).isEmpty();
        assertThat(r.resolve(new MockHttpServletRequest())).isEmpty();
    }

    private static MockHttpServletRequest host(String name) {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setServerName(name);
        return request;
    }

    /** Shaped like Spring Security's JWT authentication: a principal exposing its token's claims. */
    public record TokenPrincipal(Map<String, Object> getTokenAttributes) implements Principal {
        @Override
        public String getName() {
            return "ana";
        }
    }
}
