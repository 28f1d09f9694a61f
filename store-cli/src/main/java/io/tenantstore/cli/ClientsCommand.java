package io.tenantstore.cli;

import java.io.PrintWriter;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import io.tenantstore.DataAccessLayer;
import io.tenantstore.NotFoundException;
import io.tenantstore.Secret;
import io.tenantstore.model.Client;
import io.tenantstore.model.ClientType;
import io.tenantstore.model.NewClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tenantstore clients ...}: a tenant's OAuth clients. Not thread-safe. */
@Command(name = "clients", description = "List, create and delete a tenant's OAuth clients.",
        subcommands = {ClientsCommand.ListClients.class, ClientsCommand.CreateClient.class,
            ClientsCommand.DeleteClient.class})
final class ClientsCommand {
    private static final SecureRandom RANDOM = new SecureRandom();

    static String describe(Client c) {
        return String.format("%-24s %-13s %-24s scopes=%s redirects=%s%s", c.clientId(),
                c.type().name().toLowerCase(java.util.Locale.ROOT), c.name(), c.scopes(), c.redirectUris(),
                c.hasSecret() ? " (secret set)" : "");
    }

    static java.util.Map<String, Object> json(Client c) {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("clientId", c.clientId());
        m.put("name", c.name());
        m.put("type", c.type().name().toLowerCase(java.util.Locale.ROOT));
        m.put("redirectUris", c.redirectUris());
        m.put("allowedOrigins", c.allowedOrigins());
        m.put("scopes", c.scopes());
        m.put("grantTypes", c.grantTypes());
        m.put("secretSet", c.hasSecret());
        return m;
    }

    /** @return a 256-bit random secret, URL-safe */
    static String generateSecret() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    @Command(name = "list", description = "List a tenant's clients.")
    static final class ListClients extends StoreCommand {
        @Parameters(index = "0", paramLabel = "SLUG")
        String slug;
        @Option(names = "--json", description = "print a JSON array (never a secret: only whether one is set)")
        boolean json;

        @Override
        int run(DataAccessLayer dal, PrintWriter out) {
            List<Client> clients = dal.config().clients(slug).list();
            if (json) {
                out.println(Json.write(clients.stream().map(ClientsCommand::json).toList()));
                return Main.EXIT_OK;
            }
            clients.forEach(c -> out.println(describe(c)));
            out.println(clients.size() + " client(s) in tenant " + slug);
            return 0;
        }
    }

    @Command(name = "create", description = "Create a client; a confidential client gets a generated secret,"
            + " printed once.")
    static final class CreateClient extends StoreCommand {
        @Parameters(index = "0", paramLabel = "SLUG")
        String slug;
        @Parameters(index = "1", paramLabel = "CLIENT_ID")
        String clientId;
        @Option(names = "--name", description = "human name (default: the client id)")
        String name;
        @Option(names = "--type", description = "public or confidential, any case (default: confidential)")
        ClientType type = ClientType.CONFIDENTIAL;
        @Option(names = "--redirect-uri", description = "redirect URI (repeatable)")
        List<String> redirectUris = new ArrayList<>();
        @Option(names = "--origin", description = "allowed CORS origin (repeatable)")
        List<String> origins = new ArrayList<>();
        @Option(names = "--scope", description = "scope the client may ask for (repeatable; default: openid)")
        List<String> scopes = new ArrayList<>();
        @Option(names = "--grant-type", description = "grant type (repeatable; default: authorization_code,"
                + " refresh_token)")
        List<String> grantTypes = new ArrayList<>();

        @Override
        boolean writes() {
            return true;
        }

        @Override
        int run(DataAccessLayer dal, PrintWriter out) {
            String secret = type == ClientType.CONFIDENTIAL ? generateSecret() : null;
            Client c = dal.config().clients(slug).create(new NewClient(clientId, name != null ? name : clientId, type,
                    redirectUris, origins, scopes.isEmpty() ? List.of("openid") : scopes,
                    grantTypes.isEmpty() ? List.of("authorization_code", "refresh_token") : grantTypes,
                    secret == null ? null : Secret.of(secret)));
            out.println("created " + describe(c));
            if (secret != null) {
                // The only time the secret exists in clear: the store keeps a hash of it.
                out.println("client secret (shown once, store it now): " + secret);
            }
            return 0;
        }
    }

    @Command(name = "delete", description = "Delete a client.")
    static final class DeleteClient extends StoreCommand {
        @Parameters(index = "0", paramLabel = "SLUG")
        String slug;
        @Parameters(index = "1", paramLabel = "CLIENT_ID")
        String clientId;

        @Override
        boolean writes() {
            return true;
        }

        @Override
        int run(DataAccessLayer dal, PrintWriter out) {
            if (!dal.config().clients(slug).delete(clientId)) {
                throw new NotFoundException("tenant " + slug + " has no client '" + clientId + "'");
            }
            out.println("deleted client " + clientId + " of tenant " + slug);
            return 0;
        }
    }
}
