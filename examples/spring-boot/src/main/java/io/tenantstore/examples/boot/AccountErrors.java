package io.tenantstore.examples.boot;

import io.tenantstore.ConflictException;
import io.tenantstore.InvalidInputException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The application's own errors as problem details. Tenant errors (400 no tenant, 404 unknown tenant,
 * 503 database unavailable) are answered by the starter.
 */
@RestControllerAdvice
class AccountErrors {
    @ExceptionHandler(AccountController.LoginFailedException.class)
    ProblemDetail loginFailed(AccountController.LoginFailedException e) {
        return problem(HttpStatus.UNAUTHORIZED, e.getMessage(), "LOGIN_FAILED");
    }

    @ExceptionHandler(ConflictException.class)
    ProblemDetail conflict(ConflictException e) {
        return problem(HttpStatus.CONFLICT, "already exists", e.code().name());
    }

    @ExceptionHandler(AccountController.RefreshRejectedException.class)
    ProblemDetail refreshRejected(AccountController.RefreshRejectedException e) {
        return problem(HttpStatus.UNAUTHORIZED, e.getMessage(), e.code.name());
    }

    @ExceptionHandler(InvalidInputException.class)
    ProblemDetail invalid(InvalidInputException e) {
        return problem(HttpStatus.BAD_REQUEST, e.getMessage(), e.code().name());
    }

    private static ProblemDetail problem(HttpStatus status, String detail, String code) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setProperty("code", code);
        return p;
    }
}
