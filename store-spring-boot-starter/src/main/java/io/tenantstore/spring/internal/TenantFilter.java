package io.tenantstore.spring.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.tenantstore.InvalidInputException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.http.server.PathContainer;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Binds each request's tenant before it reaches the application, for the paths it applies to: no
 * tenant named → 400, unknown tenant → 404, tenant database unavailable → 503, each with an RFC 9457
 * problem body; the application is not called then. Runs after Spring Security's filter chain so a
 * verified JWT is visible. Thread-safe.
 */
public final class TenantFilter extends OncePerRequestFilter implements Ordered {
    /** Filter order: after Spring Security's default (-100). */
    public static final int ORDER = -50;

    private final TenantBinder binder;
    private final List<PathPattern> include;
    private final List<PathPattern> exclude;

    /**
     * @param binder  resolves and binds the tenant
     * @param include path patterns the filter applies to
     * @param exclude path patterns it skips
     */
    public TenantFilter(TenantBinder binder, List<String> include, List<String> exclude) {
        this.binder = binder;
        this.include = include.stream().map(PathPatternParser.defaultInstance::parse).toList();
        this.exclude = exclude.stream().map(PathPatternParser.defaultInstance::parse).toList();
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        PathContainer path = PathContainer.parsePath(request.getRequestURI().substring(request.getContextPath().length()));
        return include.stream().noneMatch(p -> p.matches(path)) || exclude.stream().anyMatch(p -> p.matches(path));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        TenantProblem problem;
        try {
            binder.bind(request);
            problem = null;
        } catch (RuntimeException e) {
            problem = TenantProblem.of(e).orElseGet(() -> {
                if (e instanceof InvalidInputException i) {
                    return TenantProblem.invalidTenant(i);
                }
                throw e;
            });
        }
        if (problem == null) {
            chain.doFilter(request, response);
            return;
        }
        response.setStatus(problem.status());
        response.setContentType(TenantProblem.MEDIA_TYPE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        if (problem.status() == 503) {
            response.setHeader("Retry-After", "1");
        }
        response.getWriter().write(problem.toJson(request.getRequestURI()));
    }
}
