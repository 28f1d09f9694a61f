package io.tenantstore.fs.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.tenantstore.ConflictException;
import io.tenantstore.InvalidInputException;
import io.tenantstore.NotFoundException;
import io.tenantstore.Secret;
import io.tenantstore.model.Client;
import io.tenantstore.model.ClientType;
import io.tenantstore.model.NewClient;
import io.tenantstore.repository.ClientRepository;
import io.tenantstore.spi.ControlPlaneStore;
import io.tenantstore.spi.ControlPlaneStore.Kind;
import org.jspecify.annotations.Nullable;

/**
 * One tenant's clients kept in the global database (clients.yaml text, secrets hashed before
 * anything is written and never returned). Thread-safe.
 */
final class DbClientRepository implements ClientRepository {
    private final DbControlPlane plane;
    private final String slug;

    DbClientRepository(DbControlPlane plane, String slug) {
        this.plane = plane;
        this.slug = slug;
    }

    @Override
    public Optional<Client> get(String clientId) {
        return find(load(), clientId).map(StoredClient::client);
    }

    @Override
    public List<Client> list() {
        return load().stream().map(StoredClient::client).sorted(Comparator.comparing(Client::clientId)).toList();
    }

    @Override
    public Client create(NewClient c) {
        plane.requireWriter("clients.create");
        validate(c.clientId(), c.name(), c.redirectUris(), c.allowedOrigins(), c.scopes(), c.grantTypes());
        if (c.type() == ClientType.CONFIDENTIAL && c.secret() == null) {
            throw new InvalidInputException("client '" + c.clientId() + "' is confidential and needs a secret");
        }
        if (c.type() == ClientType.PUBLIC && c.secret() != null) {
            throw new InvalidInputException("client '" + c.clientId() + "' is public and must not have a secret");
        }
        @Nullable String hash = c.secret() == null ? null : plane.hasher().hash(c.secret());
        return plane.edit("clients.create", slug, Kind.CLIENTS, docs -> {
            List<StoredClient> clients = new ArrayList<>(parse(docs));
            if (find(clients, c.clientId()).isPresent()) {
                throw new ConflictException("client '" + c.clientId() + "' already exists in tenant '" + slug + "'");
            }
            var now = plane.clock().instant();
            Client client = new Client(c.clientId(), c.name(), c.type(), c.redirectUris(), c.allowedOrigins(),
                    c.scopes(), c.grantTypes(), hash != null, now, now);
            clients.add(new StoredClient(client, hash));
            return new DbControlPlane.Edit<>(ClientsYaml.write(clients), client);
        });
    }

    @Override
    public Client update(Client c) {
        plane.requireWriter("clients.update");
        validate(c.clientId(), c.name(), c.redirectUris(), c.allowedOrigins(), c.scopes(), c.grantTypes());
        return plane.edit("clients.update", slug, Kind.CLIENTS, docs -> {
            List<StoredClient> clients = new ArrayList<>(parse(docs));
            int i = indexOf(clients, c.clientId());
            StoredClient old = clients.get(i);
            if (old.client().type() != c.type()) {
                throw new InvalidInputException("client '" + c.clientId() + "' is " + typeName(old.client().type())
                        + "; its type cannot change (delete and create it again)");
            }
            Client client = new Client(c.clientId(), c.name(), c.type(), c.redirectUris(), c.allowedOrigins(),
                    c.scopes(), c.grantTypes(), old.secretHash() != null, old.client().createdAt(),
                    plane.clock().instant());
            clients.set(i, new StoredClient(client, old.secretHash()));
            return new DbControlPlane.Edit<>(ClientsYaml.write(clients), client);
        });
    }

    @Override
    public void setSecret(String clientId, Secret secret) {
        plane.requireWriter("clients.setSecret");
        InputRules.clientId(clientId);
        Objects.requireNonNull(secret, "secret");
        String hash = plane.hasher().hash(secret);
        plane.edit("clients.setSecret", slug, Kind.CLIENTS, docs -> {
            List<StoredClient> clients = new ArrayList<>(parse(docs));
            int i = indexOf(clients, clientId);
            Client old = clients.get(i).client();
            if (old.type() == ClientType.PUBLIC) {
                throw new InvalidInputException("client '" + clientId + "' is public and must not have a secret");
            }
            Client client = new Client(old.clientId(), old.name(), old.type(), old.redirectUris(),
                    old.allowedOrigins(), old.scopes(), old.grantTypes(), true, old.createdAt(),
                    plane.clock().instant());
            clients.set(i, new StoredClient(client, hash));
            return new DbControlPlane.Edit<>(ClientsYaml.write(clients), client);
        });
    }

    @Override
    public boolean delete(String clientId) {
        plane.requireWriter("clients.delete");
        if (!InputRules.CLIENT_ID.matcher(clientId).matches()) {
            return false;
        }
        if (find(load(), clientId).isEmpty()) {
            return false;
        }
        return plane.edit("clients.delete", slug, Kind.CLIENTS, docs -> {
            List<StoredClient> clients = new ArrayList<>(parse(docs));
            // deleted by another writer since the check above: nothing to do, the text stays as it is
            boolean removed = clients.removeIf(sc -> sc.client().clientId().equals(clientId));
            return new DbControlPlane.Edit<>(removed ? ClientsYaml.write(clients) : docs.clients().text(), removed);
        });
    }

    @Override
    public boolean verifySecret(String clientId, String secret) {
        Objects.requireNonNull(secret, "secret");
        @Nullable String stored = find(load(), clientId)
                .filter(sc -> sc.client().type() == ClientType.CONFIDENTIAL)
                .map(StoredClient::secretHash).orElse(null);
        return plane.hasher().verify(secret, stored);
    }

    // ---- helpers ----

    private List<StoredClient> load() {
        plane.ensureOpen();
        return parse(plane.store().read(slug).orElseThrow(() -> DbControlPlane.notFound(slug)));
    }

    private List<StoredClient> parse(ControlPlaneStore.TenantDocuments docs) {
        return DbControlPlane.parse(docs.clients().text(), DbControlPlane.source(slug, ClientsYaml.FILE))
                .map(ClientsYaml::read).orElse(List.of());
    }

    private static Optional<StoredClient> find(List<StoredClient> clients, String clientId) {
        return clients.stream().filter(sc -> sc.client().clientId().equals(clientId)).findFirst();
    }

    private int indexOf(List<StoredClient> clients, String clientId) {
        for (int i = 0; i < clients.size(); i++) {
            if (clients.get(i).client().clientId().equals(clientId)) {
                return i;
            }
        }
        throw new NotFoundException("no client '" + clientId + "' in tenant '" + slug + "'");
    }

    private static void validate(String clientId, String name, List<String> redirectUris, List<String> origins,
                                 List<String> scopes, List<String> grantTypes) {
        InputRules.clientId(clientId);
        InputRules.name("client name", name);
        InputRules.redirectUris(redirectUris);
        InputRules.allowedOrigins(origins);
        InputRules.scopes(scopes);
        InputRules.grantTypes(grantTypes);
    }

    private static String typeName(ClientType type) {
        return type == ClientType.PUBLIC ? "public" : "confidential";
    }
}
