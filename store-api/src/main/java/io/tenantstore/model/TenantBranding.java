package io.tenantstore.model;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import io.tenantstore.InvalidInputException;

/**
 * A tenant's branding, as the control plane keeps it ({@code ConfigAccess.branding()}): what its
 * sign-in pages show. Every part is optional (null when unset) and
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
public record TenantBranding(@Nullable String logoUrl, @Nullable String primaryColor, @Nullable String secondaryColor,
        @Nullable String productName, @Nullable String supportEmail, @Nullable String customCssUrl) {
    /** No branding at all. */
    public static final TenantBranding NONE = new TenantBranding(null, null, null, null, null, null);

    private static final Pattern COLOR = Pattern.compile("#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s\\p{Cntrl}]{1,64}@[A-Za-z0-9.-]{1,253}\\.[A-Za-z]{2,63}");
    private static final int MAX_URL = 2048;

    /**
     * Validates every part that is set.
     *
     * @throws InvalidInputException naming the part and quoting the bad value
     */
    public TenantBranding {
        url("logoUrl", logoUrl);
        url("customCssUrl", customCssUrl);
        color("primaryColor", primaryColor);
        color("secondaryColor", secondaryColor);
        if (productName != null && (productName.isBlank() || productName.length() > 200
                || productName.chars().anyMatch(Character::isISOControl))) {
            throw new InvalidInputException("productName must be 1 to 200 characters without control characters,"
                    + " found '" + quote(productName) + "'");
        }
        if (supportEmail != null && !EMAIL.matcher(supportEmail).matches()) {
            throw new InvalidInputException("supportEmail must be an email address, found '"
                    + quote(supportEmail) + "'");
        }
    }

    private static void color(String what, @Nullable String value) {
        if (value != null && !COLOR.matcher(value).matches()) {
            throw new InvalidInputException(what + " must be a colour like #1a2b3c or #abc, found '"
                    + quote(value) + "'");
        }
    }

    private static void url(String what, @Nullable String value) {
        if (value == null) {
            return;
        }
        String problem = null;
        if (value.length() > MAX_URL) {
            problem = "is longer than " + MAX_URL + " characters";
        } else {
            try {
                URI uri = new URI(value);
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
                boolean local = host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]");
                if (host.isEmpty() || uri.getRawUserInfo() != null) {
                    problem = "must be an absolute URL with a host and no user info";
                } else if (!scheme.equals("https") && !(scheme.equals("http") && local)) {
                    problem = "must use https (http only for localhost)";
                }
            } catch (URISyntaxException e) {
                problem = "is not a valid URL";
            }
        }
        if (problem != null) {
            throw new InvalidInputException(what + " " + problem + ", found '" + quote(value) + "'");
        }
    }

    private static String quote(String value) {
        String shown = value.length() > 120 ? value.substring(0, 120) + "..." : value;
        StringBuilder out = new StringBuilder();
        shown.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
