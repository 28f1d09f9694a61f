package io.tenantstore.examples.boot;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import io.tenantstore.DataAccessLayer;
import io.tenantstore.ErrorCode;
import io.tenantstore.InvalidInputException;
import io.tenantstore.TenantDataAccess;
import io.tenantstore.model.NewRefreshToken;
import io.tenantstore.model.NewUser;
import io.tenantstore.model.RefreshToken;
import io.tenantstore.model.User;
import io.tenantstore.model.UserAccount;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Sign-up, login and refresh-token rotation. Every handler takes the request's {@link TenantDataAccess}
 * (bound from the {@code X-Tenant} header by the starter), so it can only see that tenant's users.
 */
@RestController
public class AccountController {
    private static final Duration REFRESH_TTL = Duration.ofDays(30);
    private static final String CLIENT = "web";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DataAccessLayer store;

    AccountController(DataAccessLayer store) {
        this.store = store;
    }

    /** Sign-up request. @param email login @param password password */
    record Credentials(String email, String password) {
    }

    /** Refresh request. @param refreshToken the token issued by login or the last refresh */
    record Refresh(String refreshToken) {
    }

    @PostMapping("/signup")
    ResponseEntity<Map<String, Object>> signup(TenantDataAccess tenant, @RequestBody Credentials body) {
        String hash = store.passwordHasher().hash(body.password().toCharArray());
        User user = tenant.users().create(NewUser.of(body.email(), hash));
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("id", user.id(), "email", user.email()));
    }

    @PostMapping("/login")
    ResponseEntity<Map<String, Object>> login(TenantDataAccess tenant, @RequestBody Credentials body) {
        UserAccount account = tenant.users().getByEmail(body.email()).orElse(null);
        if (account == null || !tenant.users().checkPassword(account.user().id(), body.password().toCharArray())) {
            throw new LoginFailedException();
        }
        String token = newToken();
        tenant.tokens().create(new NewRefreshToken(sha256(token), account.user().id(), CLIENT, List.of("openid"),
                REFRESH_TTL));
        return ResponseEntity.ok(Map.of("userId", account.user().id(), "refreshToken", token));
    }

    @PostMapping("/token/refresh")
    ResponseEntity<Map<String, Object>> refresh(TenantDataAccess tenant, @RequestBody Refresh body) {
        String next = newToken();
        RefreshToken rotated;
        try {
            rotated = tenant.tokens().rotate(sha256(body.refreshToken()), sha256(next), REFRESH_TTL);
        } catch (InvalidInputException e) {
            // unknown, reused (its whole family is now revoked), revoked or expired
            throw new RefreshRejectedException(e.code());
        }
        return ResponseEntity.ok(Map.of("userId", rotated.userId(), "refreshToken", next));
    }

    @GetMapping("/users/{id}")
    ResponseEntity<Map<String, Object>> user(TenantDataAccess tenant, @PathVariable String id) {
        return tenant.users().getById(id)
                .map(u -> ResponseEntity.ok(Map.<String, Object>of("id", u.id(), "email", u.email())))
                .orElseGet(() -> ResponseEntity.notFound().build());
    }

    private static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Refresh tokens are stored by hash only. */
    private static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Wrong email or password; deliberately does not say which. */
    static final class LoginFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LoginFailedException() {
            super("wrong email or password");
        }
    }

    /** A refresh token that cannot be exchanged; {@link #code} says why. */
    static final class RefreshRejectedException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final ErrorCode code;

        RefreshRejectedException(ErrorCode code) {
            super("refresh token not accepted");
            this.code = code;
        }
    }
}
