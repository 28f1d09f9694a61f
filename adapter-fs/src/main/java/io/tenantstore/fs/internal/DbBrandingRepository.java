package io.tenantstore.fs.internal;

import java.util.Objects;

import io.tenantstore.fs.Branding;
import io.tenantstore.model.TenantBranding;
import io.tenantstore.repository.BrandingRepository;
import io.tenantstore.spi.ControlPlaneStore.Kind;

/**
 * Tenants' branding kept in the global database: each tenant's branding.yaml document, written by
 * compare-and-set on its revision like the tenant's other documents, validated as in the files.
 * Thread-safe.
 */
final class DbBrandingRepository implements BrandingRepository {
    private final DbControlPlane plane;

    DbBrandingRepository(DbControlPlane plane) {
        this.plane = plane;
    }

    @Override
    public TenantBranding get(String slug) {
        plane.ensureOpen();
        Slugs.validate(slug);
        String text = plane.store().read(slug).orElseThrow(() -> DbControlPlane.notFound(slug)).branding().text();
        return BrandingFiles.parse(text, DbControlPlane.source(slug, BrandingFiles.FILE)).toTenantBranding();
    }

    @Override
    public TenantBranding set(String slug, TenantBranding branding) {
        Objects.requireNonNull(branding, "branding");
        plane.requireWriter("branding.set");
        Slugs.validate(slug);
        String text = BrandingFiles.render(Branding.of(branding));
        return plane.edit("branding.set", slug, Kind.BRANDING, docs -> new DbControlPlane.Edit<>(text, branding));
    }
}
