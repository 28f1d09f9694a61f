package io.tenantstore.spring.internal;

import io.tenantstore.TenantDataAccess;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Lets a controller method take the request's {@link TenantDataAccess} as an argument: the one the
 * filter bound, or, on a path the filter skips, the one the request names (failures become the same
 * problem responses through {@link TenantProblemHandler}). Thread-safe.
 */
public final class TenantArgumentResolver implements HandlerMethodArgumentResolver {
    private final TenantBinder binder;

    /** @param binder resolves and binds the tenant */
    public TenantArgumentResolver(TenantBinder binder) {
        this.binder = binder;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return TenantDataAccess.class.equals(parameter.getParameterType());
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mav, NativeWebRequest webRequest,
                                  WebDataBinderFactory binderFactory) {
        HttpServletRequest request = webRequest.getNativeRequest(HttpServletRequest.class);
        if (request == null) {
            throw new IllegalStateException("TenantDataAccess arguments need a servlet request");
        }
        return binder.bind(request);
    }
}
