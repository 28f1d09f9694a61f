package io.tenantstore.testkit.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

import io.tenantstore.ErrorCode;
import io.tenantstore.StoreException;

/**
 * An account without privileges (by default {@code nobody}) that a root process can hand a
 * server process to, for servers that refuse to run as root (PostgreSQL).
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the account name, from the passwd file
 * @param uid  its user id
 * @param gid  its primary group id
 */
public record UnprivilegedUser(String name, int uid, int gid) {

    /** The account used when none is named. */
    public static final String DEFAULT_NAME = "nobody";

    private static final List<Path> BIN_DIRECTORIES = List.of(
            Path.of("/usr/bin"), Path.of("/bin"), Path.of("/usr/sbin"), Path.of("/sbin"));

    /**
     * Finds an account in {@code /etc/passwd}.
     *
     * @param name the account name
     * @return the account
     * @throws StoreException with {@code CONFIGURATION} if there is no such account
     */
    public static UnprivilegedUser lookup(String name) {
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of("/etc/passwd"));
        } catch (IOException e) {
            throw new StoreException(ErrorCode.CONFIGURATION, "cannot read /etc/passwd to find user '" + name + "'", e);
        }
        return fromPasswd(lines, name).orElseThrow(() -> new StoreException(ErrorCode.CONFIGURATION,
                "no user '" + name + "' in /etc/passwd to run the embedded PostgreSQL server as"));
    }

    /**
     * Finds an account in passwd-file lines ({@code name:x:uid:gid:gecos:home:shell}).
     *
     * @param lines the file's lines
     * @param name  the account name
     * @return the account, or empty if no well-formed line names it
     */
    static Optional<UnprivilegedUser> fromPasswd(List<String> lines, String name) {
        for (String line : lines) {
            String[] fields = line.split(":", -1);
            if (fields.length >= 4 && fields[0].equals(name)) {
                try {
                    return Optional.of(new UnprivilegedUser(name, Integer.parseInt(fields[2]),
                            Integer.parseInt(fields[3])));
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Returns the command prefix that runs a program as this user from a root process:
     * {@code setpriv} when installed (util-linux), else {@code runuser}.
     *
     * @param executable whether a file is an executable program (a fake in tests)
     * @return the words to put before the program and its arguments
     * @throws StoreException with {@code CONFIGURATION} if neither tool is installed
     */
    public List<String> commandPrefix(Predicate<Path> executable) {
        Optional<Path> setpriv = find("setpriv", executable);
        if (setpriv.isPresent()) {
            return List.of(setpriv.get().toString(), "--reuid=" + uid, "--regid=" + gid, "--clear-groups", "--");
        }
        Optional<Path> runuser = find("runuser", executable);
        if (runuser.isPresent()) {
            return List.of(runuser.get().toString(), "-u", name, "--");
        }
        throw new StoreException(ErrorCode.CONFIGURATION,
                "neither setpriv nor runuser is installed; the embedded PostgreSQL server cannot drop root"
                        + " privileges (install util-linux, or run the tests as a non-root user)");
    }

    /**
     * Tells whether this process runs as root, which PostgreSQL refuses.
     *
     * @return {@code true} on a Unix-like system when the effective user id is 0
     */
    public static boolean processIsRoot() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("win")) {
            return false;
        }
        try {
            // /proc/self belongs to the process's effective user (Linux)
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return ((Number) uid).intValue() == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static Optional<Path> find(String program, Predicate<Path> executable) {
        List<Path> candidates = new ArrayList<>(BIN_DIRECTORIES.size());
        for (Path directory : BIN_DIRECTORIES) {
            candidates.add(directory.resolve(program));
        }
        return candidates.stream().filter(executable).findFirst();
    }
}
