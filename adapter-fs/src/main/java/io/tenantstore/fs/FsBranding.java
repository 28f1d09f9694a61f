package io.tenantstore.fs;

import java.nio.file.Path;
import java.util.Objects;

import io.tenantstore.fs.internal.BrandingFiles;

/**
 * Tenants' branding in a YAML control plane ({@code tenants/<slug>/branding.yaml}): logo, colours,
 * product name, support address and style sheet. Values are validated by {@link Branding} before
 * anything is written, and again when the file is read (errors name file, line and key).
 * Thread-safe; writes run under the control plane's cross-process write lock.
 */
public final class FsBranding {
    private final BrandingFiles files;

    private FsBranding(BrandingFiles files) {
        this.files = files;
    }

    /**
     * @param fsRoot the control-plane root
     * @return the branding of that control plane's tenants
     */
    public static FsBranding open(Path fsRoot) {
        return new FsBranding(new BrandingFiles(Objects.requireNonNull(fsRoot, "fsRoot")));
    }

    /**
     * @param slug the tenant
     * @return its branding, {@link Branding#NONE} when none is set
     * @throws io.tenantstore.TenantNotFoundException when no tenant has that slug
     * @throws io.tenantstore.InvalidInputException   naming file, line and key for a bad value in the file
     */
    public Branding get(String slug) {
        return files.get(slug);
    }

    /**
     * @param slug     the tenant
     * @param branding its new branding (replaces the previous one)
     * @throws io.tenantstore.TenantNotFoundException when no tenant has that slug
     */
    public void set(String slug, Branding branding) {
        files.set(slug, Objects.requireNonNull(branding, "branding"));
    }
}
