package io.tenantstore.model;

import java.time.Duration;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A tenant's settings.
 *
 * @param language             default UI language (BCP 47 tag); Default: en
 * @param sessionLifetime      session lifetime; Default: 24 h
 * @param refreshTokenLifetime refresh token lifetime; Default: 30 d
 * @param mfaEnabled           whether MFA is offered; Default: false
 * @param security             password and MFA policy
 * @param smtp                 outgoing mail, or {@code null}
 */
public record TenantSettings(String language, Duration sessionLifetime, Duration refreshTokenLifetime,
                             boolean mfaEnabled, SecuritySettings security, @Nullable SmtpSettings smtp) {
    /**
     * The longest session or refresh-token lifetime accepted: 100 years (36,525 days), so that an
     * expiry stays a date every database stores and settings written before the limit still load.
     * Declared before {@link #DEFAULTS}, whose construction checks against it.
     */
    public static final Duration MAX_LIFETIME = Duration.ofDays(36_525);

    /** The defaults. */
    public static final TenantSettings DEFAULTS = new TenantSettings("en", Duration.ofHours(24),
            Duration.ofDays(30), false, SecuritySettings.DEFAULTS, null);

    /** Validates the values. */
    public TenantSettings {
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(sessionLifetime, "sessionLifetime");
        Objects.requireNonNull(refreshTokenLifetime, "refreshTokenLifetime");
        Objects.requireNonNull(security, "security");
        if (sessionLifetime.isNegative() || sessionLifetime.isZero()) {
            throw new io.tenantstore.InvalidInputException("sessionLifetime must be positive: " + sessionLifetime);
        }
        if (refreshTokenLifetime.isNegative() || refreshTokenLifetime.isZero()) {
            throw new io.tenantstore.InvalidInputException(
                    "refreshTokenLifetime must be positive: " + refreshTokenLifetime);
        }
        // beyond it an expiry (now + lifetime) leaves the range of Instant, or of a database timestamp
        if (sessionLifetime.compareTo(MAX_LIFETIME) > 0) {
            throw new io.tenantstore.InvalidInputException("sessionLifetime must be at most 36525 days (100 years): "
                    + sessionLifetime);
        }
        if (refreshTokenLifetime.compareTo(MAX_LIFETIME) > 0) {
            throw new io.tenantstore.InvalidInputException("refreshTokenLifetime must be at most 36525 days (100 years): "
                    + refreshTokenLifetime);
        }
    }

    /**
     * Password and MFA policy.
     *
     * @param passwordMinLength shortest password accepted; Default: 12
     * @param mfaRequired       whether every user must enrol MFA; Default: false
     */
    public record SecuritySettings(int passwordMinLength, boolean mfaRequired) {
        /** The defaults. */
        public static final SecuritySettings DEFAULTS = new SecuritySettings(12, false);

        /** Validates the length. */
        public SecuritySettings {
            if (passwordMinLength < 1 || passwordMinLength > 1024) {
                throw new io.tenantstore.InvalidInputException(
                        "passwordMinLength must be between 1 and 1024: " + passwordMinLength);
            }
        }
    }

    /**
     * Outgoing mail server.
     *
     * @param host     SMTP host
     * @param port     SMTP port
     * @param username login, or {@code null}
     * @param password password, or {@code null}; stored encrypted in YAML
     * @param from     sender address
     */
    public record SmtpSettings(String host, int port, @Nullable String username,
                               io.tenantstore.@Nullable Secret password, String from) {
        /** Validates the port. */
        public SmtpSettings {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(from, "from");
            if (port < 1 || port > 65535) {
                throw new io.tenantstore.InvalidInputException("smtp port must be between 1 and 65535: " + port);
            }
        }
    }
}
