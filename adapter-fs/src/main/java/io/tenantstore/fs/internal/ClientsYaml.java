package io.tenantstore.fs.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.tenantstore.InvalidInputException;
import io.tenantstore.SecretException;
import io.tenantstore.core.yaml.YamlMap;
import io.tenantstore.core.yaml.YamlWriter;
import io.tenantstore.core.secret.Keyring;
import io.tenantstore.model.Client;
import io.tenantstore.model.ClientType;

/**
 * Maps clients.yaml (docs/configuration.md) to and from {@link StoredClient}s. The {@code secret} key holds
 * only a hash; a clear-text value is an error. Timestamps a hand-written entry lacks read as the
 * epoch. Stateless and thread-safe.
 */
final class ClientsYaml {
    static final String FILE = "clients.yaml";

    private ClientsYaml() {
    }

    /**
     * @param root the root mapping of clients.yaml
     * @return the clients, in file order
     * @throws InvalidInputException naming file, line and key for any problem
     */
    static List<StoredClient> read(YamlMap root) {
        List<StoredClient> out = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (YamlMap m : root.mapList("clients")) {
            String clientId = m.requireString("clientId");
            m.buildAt("clientId", () -> InputRules.clientId(clientId));
            Integer first = seen.putIfAbsent(clientId, m.line());
            if (first != null) {
                throw m.error("duplicate client id '" + clientId + "' (first at line " + first + ")");
            }
            String name = m.buildAt("name", () -> InputRules.name("client name", m.requireString("name")));
            String typeText = m.requireString("type");
            ClientType type = switch (typeText) {
                case "public" -> ClientType.PUBLIC;
                case "confidential" -> ClientType.CONFIDENTIAL;
                default -> throw m.error("type", m.pathOf("type") + " must be public or confidential, found '"
                        + YamlMap.quote(typeText) + "'");
            };
            List<String> redirectUris = m.stringList("redirectUris");
            m.checkAt("redirectUris", () -> InputRules.redirectUris(redirectUris));
            List<String> origins = m.stringList("allowedOrigins");
            m.checkAt("allowedOrigins", () -> InputRules.allowedOrigins(origins));
            List<String> scopes = m.stringList("scopes");
            m.checkAt("scopes", () -> InputRules.scopes(scopes));
            List<String> grantTypes = m.stringList("grantTypes");
            m.checkAt("grantTypes", () -> InputRules.grantTypes(grantTypes));
            String secret = m.string("secret").orElse(null);
            if (secret != null && !ClientSecretHasher.isHash(secret)) {
                // Never quote it: it may be a secret written in clear.
                if (secret.startsWith(Keyring.PREFIX)) {
                    throw new SecretException(m.location("secret") + ": " + m.pathOf("secret")
                            + " is an encrypted value (enc:), but client secrets are stored as pbkdf2-sha256 hashes"
                            + " (they are only ever verified); set it with ClientRepository.setSecret or"
                            + " 'tenantstore clients create'");
                }
                throw m.error("secret", m.pathOf("secret") + " must be a pbkdf2-sha256 hash written by TenantStore;"
                        + " a client secret is never stored in clear (set it through ClientRepository.setSecret)");
            }
            if (type == ClientType.CONFIDENTIAL && secret == null) {
                throw m.error("client '" + clientId + "' is confidential and needs a secret");
            }
            if (type == ClientType.PUBLIC && secret != null) {
                throw m.error("client '" + clientId + "' is public and must not have a secret");
            }
            Instant createdAt = m.instant("createdAt").orElse(Instant.EPOCH);
            Instant updatedAt = m.instant("updatedAt").orElse(createdAt);
            m.rejectUnknownKeys();
            Client client = new Client(clientId, name, type, redirectUris, origins, scopes, grantTypes,
                    secret != null, createdAt, updatedAt);
            out.add(new StoredClient(client, secret));
        }
        root.rejectUnknownKeys();
        return List.copyOf(out);
    }

    /**
     * @param clients the clients
     * @return the file's text, clients ordered by id
     */
    static String write(List<StoredClient> clients) {
        List<Map<String, Object>> items = new ArrayList<>();
        clients.stream().sorted((a, b) -> a.client().clientId().compareTo(b.client().clientId())).forEach(sc -> {
            Client c = sc.client();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("clientId", c.clientId());
            m.put("name", c.name());
            m.put("type", c.type().name().toLowerCase(Locale.ROOT));
            m.put("redirectUris", new ArrayList<>(c.redirectUris()));
            m.put("allowedOrigins", new ArrayList<>(c.allowedOrigins()));
            m.put("scopes", new ArrayList<>(c.scopes()));
            m.put("grantTypes", new ArrayList<>(c.grantTypes()));
            if (sc.secretHash() != null) {
                m.put("secret", sc.secretHash());
            }
            m.put("createdAt", c.createdAt().toString());
            m.put("updatedAt", c.updatedAt().toString());
            items.add(m);
        });
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("clients", items);
        return YamlWriter.write(doc);
    }
}
