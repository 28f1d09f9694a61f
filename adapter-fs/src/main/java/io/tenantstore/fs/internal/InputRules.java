package io.tenantstore.fs.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import io.tenantstore.InvalidInputException;
import io.tenantstore.core.yaml.YamlMap;

/**
 * Validation of control-plane values: names, client ids, scope names, redirect URIs (RFC 8252 rules for
 * native apps), CORS origins, names. Every failure is an {@link InvalidInputException} quoting the
 * value. Stateless and thread-safe.
 */
final class InputRules {
    static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    static final Pattern SCOPE_NAME = Pattern.compile("[A-Za-z0-9:._/-]{1,128}");
    private static final Pattern GRANT_TYPE = Pattern.compile("[A-Za-z0-9:._/-]{1,256}");
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]");
    private static final int MAX_URI = 2048;
    private static final int MAX_LIST = 100;
    private static final int MAX_NAME = 200;
    private static final int MAX_DESCRIPTION = 1000;

    private InputRules() {
    }

    static String clientId(String clientId) {
        if (!CLIENT_ID.matcher(clientId).matches()) {
            throw new InvalidInputException("invalid client id '" + YamlMap.quote(clientId)
                    + "': use 1 to 128 of A-Z a-z 0-9 . _ -");
        }
        return clientId;
    }

    static String scopeName(String name) {
        if (!SCOPE_NAME.matcher(name).matches()) {
            throw new InvalidInputException("invalid scope name '" + YamlMap.quote(name)
                    + "': use 1 to 128 of A-Z a-z 0-9 : . _ / -");
        }
        return name;
    }

    static String name(String what, String name) {
        if (name.isBlank() || name.length() > MAX_NAME || hasControl(name)) {
            throw new InvalidInputException(what + " must be 1 to " + MAX_NAME
                    + " characters without control characters: '" + YamlMap.quote(name) + "'");
        }
        return name;
    }

    static String description(String description) {
        if (description.length() > MAX_DESCRIPTION || hasControl(description)) {
            throw new InvalidInputException("scope description must be at most " + MAX_DESCRIPTION
                    + " characters without control characters: '" + YamlMap.quote(description) + "'");
        }
        return description;
    }

    static void redirectUris(List<String> uris) {
        listSize("redirectUris", uris);
        uris.forEach(InputRules::redirectUri);
    }

    static void allowedOrigins(List<String> origins) {
        listSize("allowedOrigins", origins);
        origins.forEach(InputRules::origin);
    }

    static void scopes(List<String> scopes) {
        listSize("scopes", scopes);
        scopes.forEach(InputRules::scopeName);
    }

    static void grantTypes(List<String> grantTypes) {
        listSize("grantTypes", grantTypes);
        for (String g : grantTypes) {
            if (!GRANT_TYPE.matcher(g).matches()) {
                throw new InvalidInputException("invalid grant type '" + YamlMap.quote(g) + "'");
            }
        }
    }

    /**
     * An absolute URI without fragment: https; http only to a loopback host; or a private-use
     * scheme containing a dot ({@code com.example.app:/cb}) for native apps (RFC 8252 §7).
     */
    static String redirectUri(String uri) {
        URI parsed = parse("redirect URI", uri);
        String scheme = parsed.getScheme();
        if (scheme == null) {
            throw bad("redirect URI", uri, "must be absolute");
        }
        if (parsed.getRawFragment() != null || uri.indexOf('#') >= 0) {
            throw bad("redirect URI", uri, "must not have a fragment");
        }
        if (parsed.getRawUserInfo() != null) {
            throw bad("redirect URI", uri, "must not contain user information");
        }
        String lower = scheme.toLowerCase(Locale.ROOT);
        switch (lower) {
            case "https" -> {
                if (parsed.getHost() == null) {
                    throw bad("redirect URI", uri, "needs a host");
                }
            }
            case "http" -> {
                if (parsed.getHost() == null || !LOOPBACK.contains(parsed.getHost().toLowerCase(Locale.ROOT))) {
                    throw bad("redirect URI", uri, "may use http only for localhost, 127.0.0.1 or [::1]; use https");
                }
            }
            default -> {
                if (lower.indexOf('.') < 0) {
                    throw bad("redirect URI", uri,
                            "must use https, http on loopback, or a private-use scheme with a dot like com.example.app");
                }
            }
        }
        return uri;
    }

    /** {@code scheme://host[:port]} with scheme http or https, nothing else. */
    static String origin(String origin) {
        URI parsed = parse("origin", origin);
        String scheme = parsed.getScheme();
        if (scheme == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw bad("origin", origin, "must start with https:// or http://");
        }
        if (parsed.getHost() == null || parsed.getRawUserInfo() != null || !parsed.getRawPath().isEmpty()
                || parsed.getRawQuery() != null || parsed.getRawFragment() != null || origin.endsWith("/")
                || origin.indexOf('#') >= 0 || origin.indexOf('?') >= 0) {
            throw bad("origin", origin, "must be scheme://host[:port] without path, query or fragment");
        }
        return origin;
    }

    private static URI parse(String what, String text) {
        if (text.isEmpty() || text.length() > MAX_URI || hasControl(text)) {
            throw bad(what, text, "must be 1 to " + MAX_URI + " characters without spaces or control characters");
        }
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            throw bad(what, text, "is not a valid URI");
        }
    }

    private static void listSize(String what, List<String> values) {
        if (values.size() > MAX_LIST) {
            throw new InvalidInputException(what + " must have at most " + MAX_LIST + " entries: " + values.size());
        }
        Set<String> seen = new HashSet<>();
        for (String v : values) {
            if (!seen.add(v)) {
                throw new InvalidInputException(what + " lists '" + YamlMap.quote(v) + "' twice");
            }
        }
    }

    private static boolean hasControl(String text) {
        return text.codePoints().anyMatch(cp -> Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT);
    }

    private static InvalidInputException bad(String what, String value, String rule) {
        return new InvalidInputException("invalid " + what + " '" + YamlMap.quote(value) + "': " + rule);
    }
}
