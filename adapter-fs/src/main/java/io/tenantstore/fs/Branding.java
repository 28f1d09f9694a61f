package io.tenantstore.fs;

import org.jspecify.annotations.Nullable;

import io.tenantstore.model.TenantBranding;

/**
 * A tenant's branding: what its sign-in pages show. Every part is optional (null when unset) and
 * validated on construction: URLs must be https (or http on localhost), colours {@code #rgb} or
 * {@code #rrggbb}. Immutable and thread-safe.
 *
 * @param logoUrl        the logo's URL
 * @param primaryColor   the primary colour
 * @param secondaryColor the secondary colour
 * @param productName    the product name shown to users (1 to 200 characters, no control characters)
 * @param supportEmail   the support address
 * @param customCssUrl   a style sheet's URL
 */
public record Branding(@Nullable String logoUrl, @Nullable String primaryColor, @Nullable String secondaryColor,
        @Nullable String productName, @Nullable String supportEmail, @Nullable String customCssUrl) {
    /** No branding at all. */
    public static final Branding NONE = new Branding(null, null, null, null, null, null);

    /**
     * Validates every part that is set, with the rules of {@link TenantBranding}.
     *
     * @throws io.tenantstore.InvalidInputException naming the part and quoting the bad value
     */
    public Branding {
        new TenantBranding(logoUrl, primaryColor, secondaryColor, productName, supportEmail, customCssUrl);
    }

    /** @param b the control plane's branding @return the same values */
    public static Branding of(TenantBranding b) {
        return new Branding(b.logoUrl(), b.primaryColor(), b.secondaryColor(), b.productName(), b.supportEmail(),
                b.customCssUrl());
    }

    /** @return the same values as the API's type */
    public TenantBranding toTenantBranding() {
        return new TenantBranding(logoUrl, primaryColor, secondaryColor, productName, supportEmail, customCssUrl);
    }
}
