package io.tenantstore.core.yaml;

import java.util.ArrayList;
import java.util.List;

import io.tenantstore.core.secret.Keyring;

/**
 * Finds the {@code enc:} values of a YAML document by their dotted key path, and re-encrypts
 * them under a keyring's primary key without touching anything else in the text (comments and
 * layout stay). Stateless and thread-safe.
 */
public final class EncryptedValues {
    private EncryptedValues() {
    }

    /**
     * An encrypted value and where it sits.
     *
     * @param path  dotted key path, e.g. {@code database.password}; list items as {@code key[i]}
     * @param value the {@code enc:} text
     */
    public record Found(String path, String value) {
    }

    /**
     * @param root a parsed document
     * @return its {@code enc:} values in document order
     */
    public static List<Found> find(YamlNode root) {
        List<Found> out = new ArrayList<>();
        walk(root, "", out);
        return out;
    }

    private static void walk(YamlNode node, String path, List<Found> out) {
        if (node instanceof YamlNode.Scalar s) {
            if (s.value() != null && Keyring.isEncrypted(s.value())) {
                out.add(new Found(path, s.value()));
            }
        } else if (node instanceof YamlNode.Sequence seq) {
            for (int i = 0; i < seq.items().size(); i++) {
                walk(seq.items().get(i), path + "[" + i + "]", out);
            }
        } else if (node instanceof YamlNode.Mapping m) {
            m.entries().forEach((k, e) -> walk(e.value(), path.isEmpty() ? k : path + "." + k, out));
        }
    }

    /**
     * Re-encrypts every {@code enc:} value of a document under the keyring's primary key.
     *
     * @param text    the document's text
     * @param source  its name, for messages
     * @param owner   whose values they are (tenant slug, or {@code store})
     * @param keyring the keyring
     * @return the new text and how many values changed
     * @throws io.tenantstore.SecretException naming owner and field when a value cannot be decrypted
     */
    public static Result reEncrypt(String text, String source, String owner, Keyring keyring) {
        YamlNode root = YamlLoader.DEFAULT.parse(text, source);
        String out = text;
        int changed = 0;
        for (Found f : find(root)) {
            String fresh = keyring.reEncrypt(owner, f.path(), f.value());
            if (!fresh.equals(f.value())) {
                // Ciphertexts are random, so the old text occurs exactly where this value is.
                out = out.replace(f.value(), fresh);
                changed++;
            }
        }
        return new Result(out, changed);
    }

    /**
     * @param text    the new document text
     * @param changed how many values were re-encrypted
     */
    public record Result(String text, int changed) {
    }
}
