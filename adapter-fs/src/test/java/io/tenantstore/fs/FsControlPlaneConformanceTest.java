package io.tenantstore.fs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

import io.tenantstore.DataAccessLayer;
import io.tenantstore.core.TenantStore;
import io.tenantstore.core.secret.Keyring;
import io.tenantstore.testkit.conformance.ControlPlaneConformanceSuite;
import io.tenantstore.testkit.conformance.FakePasswordHasher;
import org.junit.jupiter.api.io.TempDir;

/** The control-plane conformance suite on the YAML files. */
class FsControlPlaneConformanceTest extends ControlPlaneConformanceSuite {
    @TempDir
    Path root;
    private final Keyring keyring = Keyring.generate();

    @Override
    protected DataAccessLayer open(boolean writer, java.time.Clock clock) {
        if (!writer) {
            try {
                Files.createDirectories(root.resolve("tenants"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return TenantStore.builder().clock(clock).fsRoot(root).controlPlaneWriter(writer).secrets(keyring)
                .passwordHasher(new FakePasswordHasher()).noBackgroundMaintenance().build();
    }

    @Override
    protected Optional<String> storedTenantText(String slug) {
        try {
            return Optional.of(Files.readString(root.resolve("tenants").resolve(slug).resolve("tenant.yaml")));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected Optional<String> storedAdminsText() {
        try {
            return Optional.of(Files.readString(root.resolve("admins.yaml")));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected Optional<String> storedSigningKeysText(String slug) {
        try {
            return Optional.of(Files.readString(root.resolve("tenants").resolve(slug).resolve("keys.yaml")));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected Keyring keyring() {
        return keyring;
    }
}
