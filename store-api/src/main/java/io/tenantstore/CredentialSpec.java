package io.tenantstore;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a data source's login comes from and how it is refreshed: the value a
 * {@code credentials:} block in YAML describes. store-core turns it into a refreshing credential
 * provider. The user name comes from the data source's {@code username} unless the source supplies
 * one (a file or command printing JSON with a {@code username}, or an environment variable named by
 * {@link Environment#usernameVariable()}). Immutable and thread-safe.
 *
 * @param source  where credentials are minted
 * @param refresh when and how they are refreshed
 */
public record CredentialSpec(Source source, Refresh refresh) {
    /** Rejects nulls. */
    public CredentialSpec {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(refresh, "refresh");
    }

    /**
     * @param source where credentials are minted
     * @return a spec with the default refresh settings
     */
    public static CredentialSpec of(Source source) {
        return new CredentialSpec(source, Refresh.DEFAULTS);
    }

    /** A credential source. Implementations are immutable. */
    public sealed interface Source permits Static, Environment, File, Command {
        /** @return the YAML {@code provider:} name: static, env, file or command */
        String kind();
    }

    /**
     * A fixed password.
     *
     * @param password the password
     */
    public record Static(Secret password) implements Source {
        /** Rejects null. */
        public Static {
            Objects.requireNonNull(password, "password");
        }

        @Override
        public String kind() {
            return "static";
        }
    }

    /**
     * A password (and optionally the user name) read from environment variables at each mint.
     *
     * @param passwordVariable the variable holding the password
     * @param usernameVariable the variable holding the user name, if not the data source's username
     */
    public record Environment(String passwordVariable, Optional<String> usernameVariable) implements Source {
        private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

        /** Validates the variable names and quotes a bad one. */
        public Environment {
            checkName("passwordVariable", passwordVariable);
            Objects.requireNonNull(usernameVariable, "usernameVariable");
            usernameVariable.ifPresent(v -> checkName("usernameVariable", v));
        }

        /**
         * @param passwordVariable the variable holding the password
         * @return a source reading only the password from the environment
         */
        public static Environment of(String passwordVariable) {
            return new Environment(passwordVariable, Optional.empty());
        }

        private static void checkName(String what, String name) {
            Objects.requireNonNull(name, what);
            if (!NAME.matcher(name).matches()) {
                throw new InvalidInputException(what + " must be an environment variable name"
                        + " (letters, digits, _): '" + name + "'");
            }
        }

        @Override
        public String kind() {
            return "env";
        }
    }

    /**
     * A file holding either a bare password or the JSON a {@link Command} prints, rewritten in place
     * by an agent (Vault agent, Kubernetes secret mount). Re-read when its modification time, size
     * or identity changes; checked every {@code recheckInterval} while its credential has no expiry.
     * The file must be readable only by the process's user.
     *
     * @param path            the file
     * @param recheckInterval how often to look for a change; Default: 10 s
     */
    public record File(Path path, Duration recheckInterval) implements Source {
        /** Default: 10 s. */
        public static final Duration DEFAULT_RECHECK_INTERVAL = Duration.ofSeconds(10);

        /** Validates the interval and quotes a bad one. */
        public File {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(recheckInterval, "recheckInterval");
            if (recheckInterval.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new InvalidInputException("credentials recheckInterval must be at least 1s: " + recheckInterval);
            }
        }

        /**
         * @param path the file
         * @return a file source with the default recheck interval
         */
        public static File of(Path path) {
            return new File(path, DEFAULT_RECHECK_INTERVAL);
        }

        @Override
        public String kind() {
            return "file";
        }
    }

    /**
     * A program run with a timeout that prints
     * {@code {"username": "...", "password": "...", "expiresAt": "2026-11-21T10:15:00Z"}} on stdout
     * ({@code username} and {@code expiresAt} optional; {@code expiresAt} may also be epoch seconds).
     *
     * @param command the program and its arguments; not empty
     * @param timeout how long it may run before it is killed; Default: 10 s
     */
    public record Command(List<String> command, Duration timeout) implements Source {
        /** Default: 10 s. */
        public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

        /** Validates the command and timeout and quotes a bad value. */
        public Command {
            Objects.requireNonNull(command, "command");
            Objects.requireNonNull(timeout, "timeout");
            command = List.copyOf(command);
            if (command.isEmpty() || command.get(0).isBlank()) {
                throw new InvalidInputException("credentials command must name a program: " + command);
            }
            if (timeout.compareTo(Duration.ofMillis(10)) < 0 || timeout.compareTo(Duration.ofMinutes(10)) > 0) {
                throw new InvalidInputException("credentials timeout must be between 10ms and 10m: " + timeout);
            }
        }

        /**
         * @param command the program and its arguments
         * @return a command source with the default timeout
         */
        public static Command of(List<String> command) {
            return new Command(command, DEFAULT_TIMEOUT);
        }

        @Override
        public String kind() {
            return "command";
        }
    }

    /**
     * When and how a credential is refreshed. A credential lifetime is measured from the moment it
     * is received; the refresh is due at {@code refreshAt} of it, but never later than
     * {@code floor} before the expiry, and then moved earlier by a random jitter of up to
     * {@code maxJitter} of the time until then. Failed mints back off exponentially from
     * {@code backoffInitial} to {@code backoffMax}; {@code breakerThreshold} failures in a row open a
     * circuit breaker for {@code breakerCooldown}.
     *
     * @param refreshAt        fraction of the lifetime after which to refresh, in (0, 1]; Default: 0.8
     * @param maxJitter        largest random advance as a fraction, in [0, 0.5]; Default: 0.1
     * @param floor            least time before expiry at which the refresh is due; Default: 30 s
     * @param backoffInitial   wait after the first failed mint; Default: 100 ms
     * @param backoffMax       longest wait between failed mints; Default: 10 s
     * @param breakerThreshold consecutive failures that open the breaker; Default: 5
     * @param breakerCooldown  how long the breaker stays open before one probe; Default: 60 s
     */
    public record Refresh(double refreshAt, double maxJitter, Duration floor, Duration backoffInitial,
                          Duration backoffMax, int breakerThreshold, Duration breakerCooldown) {
        /** Default: 0.8. */
        public static final double DEFAULT_REFRESH_AT = 0.8;
        /** Default: 0.1. */
        public static final double DEFAULT_MAX_JITTER = 0.1;
        /** Default: 30 s. */
        public static final Duration DEFAULT_FLOOR = Duration.ofSeconds(30);
        /** Default: 100 ms. */
        public static final Duration DEFAULT_BACKOFF_INITIAL = Duration.ofMillis(100);
        /** Default: 10 s. */
        public static final Duration DEFAULT_BACKOFF_MAX = Duration.ofSeconds(10);
        /** Default: 5. */
        public static final int DEFAULT_BREAKER_THRESHOLD = 5;
        /** Default: 60 s. */
        public static final Duration DEFAULT_BREAKER_COOLDOWN = Duration.ofSeconds(60);
        /** The defaults. */
        public static final Refresh DEFAULTS = new Refresh(DEFAULT_REFRESH_AT, DEFAULT_MAX_JITTER, DEFAULT_FLOOR,
                DEFAULT_BACKOFF_INITIAL, DEFAULT_BACKOFF_MAX, DEFAULT_BREAKER_THRESHOLD, DEFAULT_BREAKER_COOLDOWN);

        /** Validates every value and quotes it in the message. */
        public Refresh {
            if (!(refreshAt > 0 && refreshAt <= 1)) {
                throw new InvalidInputException("credentials refreshAt must be greater than 0 and at most 1: " + refreshAt);
            }
            if (!(maxJitter >= 0 && maxJitter <= 0.5)) {
                throw new InvalidInputException("credentials maxJitter must be between 0 and 0.5: " + maxJitter);
            }
            Objects.requireNonNull(floor, "floor");
            Objects.requireNonNull(backoffInitial, "backoffInitial");
            Objects.requireNonNull(backoffMax, "backoffMax");
            Objects.requireNonNull(breakerCooldown, "breakerCooldown");
            if (floor.isNegative()) {
                throw new InvalidInputException("credentials floor must not be negative: " + floor);
            }
            if (backoffInitial.compareTo(Duration.ofMillis(1)) < 0) {
                throw new InvalidInputException("credentials backoffInitial must be at least 1ms: " + backoffInitial);
            }
            if (backoffMax.compareTo(backoffInitial) < 0) {
                throw new InvalidInputException("credentials backoffMax must be at least backoffInitial ("
                        + backoffInitial + "): " + backoffMax);
            }
            if (breakerThreshold < 1) {
                throw new InvalidInputException("credentials breakerThreshold must be at least 1: " + breakerThreshold);
            }
            if (breakerCooldown.compareTo(Duration.ofMillis(1)) < 0) {
                throw new InvalidInputException("credentials breakerCooldown must be at least 1ms: " + breakerCooldown);
            }
        }

        /** @param v refresh fraction @return a copy with it */
        public Refresh withRefreshAt(double v) {
            return new Refresh(v, maxJitter, floor, backoffInitial, backoffMax, breakerThreshold, breakerCooldown);
        }

        /** @param v largest jitter fraction @return a copy with it */
        public Refresh withMaxJitter(double v) {
            return new Refresh(refreshAt, v, floor, backoffInitial, backoffMax, breakerThreshold, breakerCooldown);
        }

        /** @param v least time before expiry @return a copy with it */
        public Refresh withFloor(Duration v) {
            return new Refresh(refreshAt, maxJitter, v, backoffInitial, backoffMax, breakerThreshold, breakerCooldown);
        }

        /** @param v first backoff @return a copy with it */
        public Refresh withBackoffInitial(Duration v) {
            return new Refresh(refreshAt, maxJitter, floor, v, backoffMax, breakerThreshold, breakerCooldown);
        }

        /** @param v longest backoff @return a copy with it */
        public Refresh withBackoffMax(Duration v) {
            return new Refresh(refreshAt, maxJitter, floor, backoffInitial, v, breakerThreshold, breakerCooldown);
        }

        /** @param v failures that open the breaker @return a copy with it */
        public Refresh withBreakerThreshold(int v) {
            return new Refresh(refreshAt, maxJitter, floor, backoffInitial, backoffMax, v, breakerCooldown);
        }

        /** @param v breaker cooldown @return a copy with it */
        public Refresh withBreakerCooldown(Duration v) {
            return new Refresh(refreshAt, maxJitter, floor, backoffInitial, backoffMax, breakerThreshold, v);
        }
    }
}
