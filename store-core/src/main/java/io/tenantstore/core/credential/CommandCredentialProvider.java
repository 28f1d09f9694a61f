package io.tenantstore.core.credential;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.tenantstore.CredentialException;
import io.tenantstore.CredentialSpec;
import io.tenantstore.core.credential.internal.CredentialJson;
import io.tenantstore.spi.Text;
import io.tenantstore.spi.Credential;
import io.tenantstore.spi.CredentialProvider;

/**
 * Runs a program that prints a credential as JSON on stdout:
 * {@code {"username": "...", "password": "...", "expiresAt": "2026-11-21T10:15:00Z"}}
 * ({@code username} falls back to the data source's; {@code expiresAt} is an ISO-8601 instant or
 * epoch seconds, or absent). Covers cloud IAM database tokens without a cloud SDK. The program gets
 * no stdin and inherits the environment. A non-zero exit, a timeout (the program and its children
 * are killed) or bad output is a {@link CredentialException} quoting the first line of stderr, never
 * stdout, which holds the password. Thread-safe; each mint runs its own process.
 */
public final class CommandCredentialProvider implements CredentialProvider {
    private static final int MAX_STDOUT = 64 * 1024;
    private static final int MAX_STDERR = 4 * 1024;

    private final CredentialSpec.Command spec;
    private final Optional<String> defaultUsername;
    private final String description;

    /**
     * @param spec            the program, its arguments and its timeout
     * @param defaultUsername the user name when the program prints none
     */
    public CommandCredentialProvider(CredentialSpec.Command spec, Optional<String> defaultUsername) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.defaultUsername = Objects.requireNonNull(defaultUsername, "defaultUsername");
        // Only the program: arguments may carry things that should not be in logs.
        this.description = "credential command " + spec.command().get(0);
    }

    @Override
    public Credential mint() {
        long deadline = System.nanoTime() + spec.timeout().toNanos();
        Process process;
        try {
            process = new ProcessBuilder(spec.command()).start();
        } catch (IOException | SecurityException e) {
            throw new CredentialException(description + " could not be started: " + e.getMessage(), e);
        }
        try {
            process.getOutputStream().close(); // the program gets an empty stdin
        } catch (IOException e) {
            // Nothing was written to it; a failed close changes nothing.
        }
        // Two drains, so a program that fills one pipe while we read the other cannot stall. They are
        // plain threads, like the JDK's own process reapers: I/O plumbing, not scheduled work.
        Drain out = Drain.start(process.getInputStream(), MAX_STDOUT, "stdout");
        Drain err = Drain.start(process.getErrorStream(), MAX_STDERR, "stderr");
        byte[] stdout = null;
        try {
            boolean exited = process.waitFor(remainingNanos(deadline), TimeUnit.NANOSECONDS);
            if (!exited) {
                kill(process);
                err.await(TimeUnit.SECONDS.toNanos(1));
                throw new CredentialException(description + " timed out after " + spec.timeout()
                        + " and was killed" + stderrSuffix(err));
            }
            if (!out.await(remainingNanos(deadline)) || !err.await(remainingNanos(deadline))) {
                // A child kept the pipes open after the program exited.
                kill(process);
                throw new CredentialException(description + " exited but its output stayed open past the timeout of "
                        + spec.timeout() + "; its child processes were killed" + stderrSuffix(err));
            }
            int status = process.exitValue();
            if (status != 0) {
                throw new CredentialException(description + " exited with status " + status + stderrSuffix(err));
            }
            if (out.overflowed()) {
                throw new CredentialException(description + " printed more than " + MAX_STDOUT + " bytes on stdout");
            }
            stdout = out.bytes();
            if (stdout.length == 0) {
                throw new CredentialException(description + " printed nothing on stdout" + stderrSuffix(err));
            }
            try {
                return CredentialJson.parse(new String(stdout, StandardCharsets.UTF_8), description, defaultUsername);
            } catch (CredentialException e) {
                throw new CredentialException(e.getMessage() + stderrSuffix(err), e.getCause());
            }
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new CredentialException(description + " was interrupted and killed", e);
        } finally {
            if (stdout != null) {
                Arrays.fill(stdout, (byte) 0);
            }
            out.clear();
        }
    }

    private static long remainingNanos(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    private static void kill(Process process) {
        // Children first: a shell's `sleep` would otherwise keep the pipes open.
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static String stderrSuffix(Drain err) {
        return firstLine(err.bytes()).map(l -> "; stderr: " + Text.quote(l)).orElse("; nothing on stderr");
    }

    private static Optional<String> firstLine(byte[] bytes) {
        String s = new String(bytes, StandardCharsets.UTF_8).strip();
        if (s.isEmpty()) {
            return Optional.empty();
        }
        int nl = s.indexOf('\n');
        return Optional.of((nl < 0 ? s : s.substring(0, nl)).strip());
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public String toString() {
        return "CommandCredentialProvider[" + spec.command().get(0) + ", timeout=" + spec.timeout() + "]";
    }

    /** Reads one stream to its end on its own thread, keeping at most {@code limit} bytes. */
    private static final class Drain implements Runnable {
        private final InputStream in;
        private final int limit;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private final Thread thread;
        private boolean overflowed;

        private Drain(InputStream in, int limit, String name) {
            this.in = in;
            this.limit = limit;
            this.thread = new Thread(this, "tenantstore-credential-command-" + name);
            this.thread.setDaemon(true);
        }

        static Drain start(InputStream in, int limit, String name) {
            Drain d = new Drain(in, limit, name);
            d.thread.start();
            return d;
        }

        @Override
        public void run() {
            byte[] buf = new byte[8192];
            try (InputStream s = in) {
                int n;
                while ((n = s.read(buf)) >= 0) {
                    synchronized (this) {
                        int room = limit - kept.size();
                        if (n > room) {
                            overflowed = true;
                        }
                        kept.write(buf, 0, Math.max(0, Math.min(n, room)));
                    }
                }
            } catch (IOException e) {
                // The process was killed or closed the pipe: what was read so far is all there is.
            } finally {
                Arrays.fill(buf, (byte) 0);
            }
        }

        boolean await(long nanos) throws InterruptedException {
            thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos)));
            return !thread.isAlive();
        }

        synchronized boolean overflowed() {
            return overflowed;
        }

        synchronized byte[] bytes() {
            return kept.toByteArray();
        }

        synchronized void clear() {
            kept.reset();
        }
    }
}
