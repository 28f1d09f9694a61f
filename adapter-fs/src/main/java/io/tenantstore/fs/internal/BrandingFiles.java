package io.tenantstore.fs.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import io.tenantstore.ErrorCode;
import io.tenantstore.StoreException;
import io.tenantstore.TenantNotFoundException;
import io.tenantstore.core.yaml.YamlLoader;
import io.tenantstore.core.yaml.YamlMap;
import io.tenantstore.core.yaml.YamlWriter;
import io.tenantstore.fs.Branding;

/**
 * A tenant's branding in {@code tenants/<slug>/branding.yaml}, written atomically under the
 * control plane's write lock. Thread-safe.
 */
public final class BrandingFiles {
    /** The file's name inside a tenant's directory. */
    public static final String FILE = "branding.yaml";
    private static final String[] KEYS = {"logoUrl", "primaryColor", "secondaryColor", "productName",
        "supportEmail", "customCssUrl"};

    private final Path root;
    private final WriteLock lock;

    /** @param root the control-plane root */
    public BrandingFiles(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.lock = new WriteLock(this.root, FsHooks.NONE);
    }

    /**
     * @param slug the tenant
     * @return its branding, {@link Branding#NONE} when none is set
     * @throws io.tenantstore.InvalidInputException naming file, line and key for a bad value
     */
    public Branding get(String slug) {
        Path file = dir(slug).resolve(FILE);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Branding.NONE;
        } catch (IOException e) {
            throw new StoreException(ErrorCode.UNAVAILABLE, "cannot read " + file + ": " + e, e);
        }
        return parse(text, file.toString());
    }

    /**
     * @param text   a branding.yaml document; blank for no branding
     * @param source how messages name it
     * @return the branding it holds
     * @throws io.tenantstore.InvalidInputException naming source, line and key for a bad value
     */
    public static Branding parse(String text, String source) {
        if (text.isBlank()) {
            return Branding.NONE;
        }
        YamlMap m = YamlLoader.DEFAULT.parseMapping(text, source);
        String[] v = new String[KEYS.length];
        for (int i = 0; i < KEYS.length; i++) {
            v[i] = m.string(KEYS[i]).orElse(null);
        }
        m.rejectUnknownKeys();
        // Validate part by part so the error points at the line of the bad value.
        m.buildAt("logoUrl", () -> new Branding(v[0], null, null, null, null, null));
        m.buildAt("primaryColor", () -> new Branding(null, v[1], null, null, null, null));
        m.buildAt("secondaryColor", () -> new Branding(null, null, v[2], null, null, null));
        m.buildAt("productName", () -> new Branding(null, null, null, v[3], null, null));
        m.buildAt("supportEmail", () -> new Branding(null, null, null, null, v[4], null));
        m.buildAt("customCssUrl", () -> new Branding(null, null, null, null, null, v[5]));
        return new Branding(v[0], v[1], v[2], v[3], v[4], v[5]);
    }

    /**
     * @param branding a branding, already validated by its constructor
     * @return its branding.yaml document ({@code {}} for {@link Branding#NONE})
     */
    public static String render(Branding branding) {
        Map<String, Object> doc = new LinkedHashMap<>();
        put(doc, "logoUrl", branding.logoUrl());
        put(doc, "primaryColor", branding.primaryColor());
        put(doc, "secondaryColor", branding.secondaryColor());
        put(doc, "productName", branding.productName());
        put(doc, "supportEmail", branding.supportEmail());
        put(doc, "customCssUrl", branding.customCssUrl());
        return doc.isEmpty() ? "{}\n" : YamlWriter.write(doc);
    }

    /**
     * Replaces the tenant's branding (a value already validated by {@link Branding}'s constructor).
     *
     * @param slug     the tenant
     * @param branding the new branding; {@link Branding#NONE} removes every part
     */
    public void set(String slug, Branding branding) {
        String text = render(branding);
        try {
            lock.run(() -> {
                AtomicFiles.write(dir(slug).resolve(FILE), text, FsHooks.NONE);
                return null;
            });
        } catch (IOException e) {
            throw new StoreException(ErrorCode.UNAVAILABLE, "cannot write branding of tenant '" + slug + "': " + e, e);
        }
    }

    private static void put(Map<String, Object> doc, String key, Object value) {
        if (value != null) {
            doc.put(key, value);
        }
    }

    private Path dir(String slug) {
        Slugs.validate(slug);
        Path dir = root.resolve("tenants").resolve(slug);
        if (!Files.isRegularFile(dir.resolve(TenantYaml.FILE))) {
            throw new TenantNotFoundException("no tenant '" + slug + "'");
        }
        return dir;
    }
}
