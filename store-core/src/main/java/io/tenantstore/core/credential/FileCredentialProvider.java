package io.tenantstore.core.credential;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

import io.tenantstore.CredentialException;
import io.tenantstore.CredentialSpec;
import io.tenantstore.Secret;
import io.tenantstore.core.credential.internal.CredentialJson;
import io.tenantstore.spi.Credential;
import io.tenantstore.spi.CredentialProvider;
import org.jspecify.annotations.Nullable;

/**
 * Reads a credential from a file that an agent rewrites in place (Vault agent template, Kubernetes
 * secret mount). The file holds either a bare password (one line; a trailing line break is
 * ignored) or the JSON a {@link CommandCredentialProvider} reads. Each {@link #mint()} looks at the
 * file's modification time, size and identity (inode, so a symlink swap counts); only when one of
 * them changed is it read, and only when the content's SHA-256 changed is it parsed again. No
 * watcher thread: the refreshing wrapper calls {@link #mint()} every
 * {@link #recheckInterval()} for a credential without expiry. Thread-safe.
 */
public final class FileCredentialProvider implements CredentialProvider {
    private static final int MAX_SIZE = 64 * 1024;

    private final CredentialSpec.File spec;
    private final Optional<String> defaultUsername;

    // Guarded by this: what the last read saw.
    private @Nullable Stamp lastStamp;
    private byte @Nullable [] lastHash;
    private @Nullable Credential lastCredential;

    private record Stamp(FileTime modified, long size, @Nullable Object fileKey) {
    }

    /**
     * @param spec            the file and how often to re-check it
     * @param defaultUsername the user name when the file holds a bare password or JSON without one
     */
    public FileCredentialProvider(CredentialSpec.File spec, Optional<String> defaultUsername) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.defaultUsername = Objects.requireNonNull(defaultUsername, "defaultUsername");
    }

    @Override
    public synchronized Credential mint() {
        Stamp stamp = stat();
        if (lastCredential != null && stamp.equals(lastStamp)) {
            return lastCredential;
        }
        if (stamp.size() > MAX_SIZE) {
            throw new CredentialException(description() + " is larger than " + MAX_SIZE + " bytes: " + stamp.size());
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(spec.path());
        } catch (IOException e) {
            throw new CredentialException(description() + " could not be read: " + e.getClass().getSimpleName(), e);
        }
        try {
            byte[] hash = sha256(bytes);
            // Stamp taken before the read: a write racing with it changes the stamp, so the next
            // mint reads again rather than keeping a torn read.
            if (lastCredential != null && Arrays.equals(hash, lastHash)) {
                lastStamp = stamp;
                return lastCredential;
            }
            Credential c = parse(bytes);
            lastStamp = stamp;
            lastHash = hash;
            lastCredential = c;
            return c;
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private Stamp stat() {
        try {
            BasicFileAttributes a = Files.readAttributes(spec.path(), BasicFileAttributes.class);
            if (!a.isRegularFile()) {
                throw new CredentialException(description() + " is not a regular file");
            }
            return new Stamp(a.lastModifiedTime(), a.size(), a.fileKey());
        } catch (NoSuchFileException e) {
            throw new CredentialException(description() + " does not exist", e);
        } catch (IOException e) {
            throw new CredentialException(description() + " could not be read: " + e.getClass().getSimpleName(), e);
        }
    }

    private Credential parse(byte[] bytes) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new CredentialException(description() + " is not UTF-8 text");
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        if (text.strip().startsWith("{")) {
            return CredentialJson.parse(text, description(), defaultUsername);
        }
        int end = text.length();
        while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
            end--;
        }
        String password = text.substring(0, end);
        if (password.isEmpty()) {
            throw new CredentialException(description() + " is empty");
        }
        if (password.indexOf('\n') >= 0 || password.indexOf('\r') >= 0) {
            throw new CredentialException(description() + " holds more than one line;"
                    + " expected a bare password or a JSON object");
        }
        String username = defaultUsername.orElseThrow(() -> new CredentialException(description()
                + " holds a bare password and the data source has no username configured"));
        return Credential.of(username, Secret.of(password));
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    @Override
    public String description() {
        return "credential file " + spec.path();
    }

    /** @return the spec's recheck interval */
    @Override
    public Optional<Duration> recheckInterval() {
        return Optional.of(spec.recheckInterval());
    }

    @Override
    public String toString() {
        return "FileCredentialProvider[" + spec.path() + "]";
    }
}
