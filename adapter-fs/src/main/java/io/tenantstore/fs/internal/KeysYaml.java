package io.tenantstore.fs.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tenantstore.core.secret.Keyring;
import io.tenantstore.core.yaml.YamlLoader;
import io.tenantstore.core.yaml.YamlMap;
import io.tenantstore.core.yaml.YamlWriter;
import io.tenantstore.model.SigningKeyAlgorithm;
import io.tenantstore.model.SigningKeyState;
import io.tenantstore.spi.SigningKeyStore.StoredKey;

/**
 * The text form of a tenant's signing keys, {@code keys.yaml}, the same in a file and in a
 * database document: public keys in base64, private keys only as {@code enc:} values. Thread-safe
 * (stateless).
 */
public final class KeysYaml {
    /** The file's name inside a tenant's directory. */
    public static final String FILE = "keys.yaml";

    private KeysYaml() {
    }

    /**
     * @param text   a keys.yaml document; blank for none
     * @param source how messages name it
     * @return the keys, in document order
     * @throws io.tenantstore.InvalidInputException naming source, line and key for a bad value, or a
     *                                              private key that is not an {@code enc:} value
     */
    public static List<StoredKey> parse(String text, String source) {
        if (text.isBlank()) {
            return List.of();
        }
        YamlMap doc = YamlLoader.DEFAULT.parseMapping(text, source);
        List<StoredKey> out = new ArrayList<>();
        for (YamlMap k : doc.mapList("keys")) {
            String kid = k.requireString("kid");
            SigningKeyAlgorithm alg = k.buildAt("alg", () -> SigningKeyAlgorithm.parse(k.requireString("alg")));
            SigningKeyState state = k.buildAt("state", () -> SigningKeyState.parse(k.requireString("state")));
            String priv = k.string("private").orElse(null);
            if (priv != null && !Keyring.isEncrypted(priv)) {
                // the message names the place, never the value
                throw k.error("private", k.location("private") + ": a private key must be an enc: value");
            }
            out.add(new StoredKey(kid, alg, state, k.instant("created").orElseThrow(() -> k.error("created",
                    k.location() + ": missing 'created'")), k.instant("retireAt").orElse(null),
                    k.requireString("public"), priv));
        }
        return out;
    }

    /**
     * @param keys the keys
     * @return their keys.yaml document ({@code keys: []} for none)
     */
    public static String render(List<StoredKey> keys) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (StoredKey k : keys) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kid", k.kid());
            m.put("alg", k.algorithm().jwsName());
            m.put("state", k.state().yamlName());
            m.put("created", k.createdAt().toString());
            if (k.retireAt() != null) {
                m.put("retireAt", k.retireAt().toString());
            }
            m.put("public", k.publicKey());
            if (k.privateKey() != null) {
                m.put("private", k.privateKey());
            }
            list.add(m);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("keys", list);
        return YamlWriter.write(doc);
    }
}
