package io.tenantstore.spring.internal;

import java.net.URI;

import io.tenantstore.StoreException;
import io.tenantstore.TenantNotFoundException;
import io.tenantstore.UnavailableException;
import io.tenantstore.spring.web.TenantRequiredException;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Answers a controller's tenant failures with problem details: unknown tenant 404, no tenant 400,
 * database unavailable 503 (e.g. the database went down after the tenant was bound). Ordered just
 * before advice of default order (so an application's catch-all handler does not turn these into 500s);
 * an application overrides it with a handler of higher precedence. Thread-safe.
 */
@RestControllerAdvice
@Order(TenantProblemHandler.ORDER)
public class TenantProblemHandler {
    /** Precedence of this advice: just before advice without an order. */
    public static final int ORDER = Ordered.LOWEST_PRECEDENCE - 100;

    /** Creates the handler; Spring calls it. */
    public TenantProblemHandler() {
    }

    /**
     * @param e       the failure
     * @param request the request
     * @return its problem response
     */
    @ExceptionHandler({TenantRequiredException.class, TenantNotFoundException.class, UnavailableException.class})
    public ResponseEntity<ProblemDetail> handle(StoreException e, HttpServletRequest request) {
        TenantProblem p = TenantProblem.of(e).orElseThrow(() -> e);
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(p.status()), p.detail());
        body.setTitle(p.title());
        body.setInstance(URI.create(request.getRequestURI()));
        body.setProperty("code", p.code());
        ResponseEntity.BodyBuilder r = ResponseEntity.status(p.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (p.status() == 503) {
            r.header("Retry-After", "1");
        }
        return r.body(body);
    }
}
