package io.tenantstore.fs.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.tenantstore.testkit.conformance.FakeClock;
import io.tenantstore.ConflictException;
import io.tenantstore.InvalidInputException;
import io.tenantstore.NotFoundException;
import io.tenantstore.Secret;
import io.tenantstore.SecretException;
import io.tenantstore.TenantNotFoundException;
import io.tenantstore.model.Client;
import io.tenantstore.model.ClientType;
import io.tenantstore.model.NewClient;
import io.tenantstore.model.NewTenant;
import io.tenantstore.repository.ClientRepository;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FsClientRepositoryTest {
    private static final String SECRET = "s3cret-Client-Value-0123456789";

    @TempDir
    Path tmp;

    private Path root;
    private FakeClock clock;
    private FsControlPlane plane;
    private ClientRepository clients;

    @BeforeEach
    void open() {
        root = tmp.resolve("data");
        clock = new FakeClock(Fixtures.T0);
        plane = Fixtures.writer(root, clock);
        plane.tenants().create(NewTenant.of("acme", "Acme"));
        clients = plane.clients("acme");
    }

    private static NewClient web(Secret secret) {
        return new NewClient("web", "Web app", ClientType.CONFIDENTIAL, List.of("https://acme.io/callback"),
                List.of("https://acme.io"), List.of("openid", "profile", "email"),
                List.of("authorization_code", "refresh_token"), secret);
    }

    private static NewClient spa() {
        return new NewClient("spa", "Single page", ClientType.PUBLIC,
                List.of("http://localhost:3000/cb", "com.example.app:/oauth2redirect"),
                List.of("http://localhost:3000"), List.of("openid"), List.of("authorization_code"), null);
    }

    private Path clientsFile() {
        return root.resolve("tenants/acme/clients.yaml");
    }

    @Test
    void roundTripsClients() {
        Client web = clients.create(web(Secret.of(SECRET)));
        Client spa = clients.create(spa());
        assertThat(web.hasSecret()).isTrue();
        assertThat(web.createdAt()).isEqualTo(Fixtures.T0);
        assertThat(spa.hasSecret()).isFalse();
        FsControlPlane other = Fixtures.writer(root, clock);
        assertThat(other.clients("acme").list()).containsExactly(spa, web);
        assertThat(other.clients("acme").get("web")).contains(web);
        assertThat(other.clients("acme").get("nope")).isEmpty();
        assertThat(other.clients("acme").get("bad id!")).isEmpty();
    }

    @Test
    void secretIsNeverWrittenInClear() throws IOException {
        clients.create(web(Secret.of(SECRET)));
        clients.setSecret("web", Secret.of("another-" + SECRET));
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(f)).as(f.toString()).doesNotContain(SECRET).doesNotContain("another-");
            }
        }
        assertThat(Files.readString(clientsFile())).containsPattern("secret: pbkdf2-sha256\\$1000\\$[A-Za-z0-9+/=]+\\$");
        assertThat(clients.get("web").orElseThrow().toString()).doesNotContain(SECRET);
    }

    @Test
    void verifySecret() {
        clients.create(web(Secret.of(SECRET)));
        clients.create(spa());
        assertThat(clients.verifySecret("web", SECRET)).isTrue();
        assertThat(clients.verifySecret("web", SECRET + "x")).isFalse();
        assertThat(clients.verifySecret("web", "")).isFalse();
        assertThat(clients.verifySecret("spa", "")).isFalse();
        assertThat(clients.verifySecret("spa", SECRET)).isFalse();
        assertThat(clients.verifySecret("unknown", SECRET)).isFalse();
        assertThat(clients.verifySecret("bad id!", SECRET)).isFalse();
        clients.setSecret("web", Secret.of("rotated-" + SECRET));
        assertThat(clients.verifySecret("web", SECRET)).isFalse();
        assertThat(clients.verifySecret("web", "rotated-" + SECRET)).isTrue();
    }

    @Test
    void updateKeepsTheSecretAndCreatedAt() {
        Client web = clients.create(web(Secret.of(SECRET)));
        clock.advance(Duration.ofHours(1));
        Client changed = new Client("web", "Renamed", ClientType.CONFIDENTIAL, List.of("https://acme.io/new"),
                List.of(), List.of("openid"), List.of("client_credentials"), false, Fixtures.T0.minusSeconds(99),
                Fixtures.T0);
        Client updated = clients.update(changed);
        assertThat(updated.name()).isEqualTo("Renamed");
        assertThat(updated.hasSecret()).isTrue();
        assertThat(updated.createdAt()).isEqualTo(web.createdAt());
        assertThat(updated.updatedAt()).isEqualTo(Fixtures.T0.plus(Duration.ofHours(1)));
        assertThat(clients.get("web")).contains(updated);
        assertThat(clients.verifySecret("web", SECRET)).isTrue();
    }

    @Test
    void updateCannotChangeTheTypeOrTouchAMissingClient() {
        Client web = clients.create(web(Secret.of(SECRET)));
        Client asPublic = new Client("web", "Web", ClientType.PUBLIC, web.redirectUris(), web.allowedOrigins(),
                web.scopes(), web.grantTypes(), false, web.createdAt(), web.updatedAt());
        assertThatThrownBy(() -> clients.update(asPublic)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("type cannot change");
        Client ghost = new Client("ghost", "G", ClientType.PUBLIC, List.of(), List.of(), List.of(), List.of(), false,
                Fixtures.T0, Fixtures.T0);
        assertThatThrownBy(() -> clients.update(ghost)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> clients.setSecret("ghost", Secret.of("x"))).isInstanceOf(NotFoundException.class);
        assertThat(clients.get("web")).contains(web);
    }

    @Test
    void confidentialNeedsASecretAndPublicMustNotHaveOne() throws IOException {
        String before = Files.readString(clientsFile());
        assertThatThrownBy(() -> clients.create(web(null))).isInstanceOf(InvalidInputException.class)
                .hasMessage("client 'web' is confidential and needs a secret");
        NewClient publicWithSecret = new NewClient("spa", "S", ClientType.PUBLIC, List.of(), List.of(), List.of(),
                List.of(), Secret.of("x"));
        assertThatThrownBy(() -> clients.create(publicWithSecret)).isInstanceOf(InvalidInputException.class)
                .hasMessage("client 'spa' is public and must not have a secret");
        clients.create(spa());
        assertThatThrownBy(() -> clients.setSecret("spa", Secret.of("x"))).isInstanceOf(InvalidInputException.class);
        assertThat(before).isEqualTo("clients: []\n");
    }

    @Test
    void duplicateClientIdIsAConflict() {
        clients.create(web(Secret.of(SECRET)));
        assertThatThrownBy(() -> clients.create(web(Secret.of("other"))))
                .isInstanceOf(ConflictException.class)
                .hasMessage("client 'web' already exists in tenant 'acme'");
        assertThat(clients.verifySecret("web", SECRET)).isTrue();
    }

    @Test
    void invalidInputWritesNothing() throws IOException {
        String before = Files.readString(clientsFile());
        List<NewClient> bad = List.of(
                new NewClient("bad id", "N", ClientType.PUBLIC, List.of(), List.of(), List.of(), List.of(), null),
                new NewClient("x".repeat(129), "N", ClientType.PUBLIC, List.of(), List.of(), List.of(), List.of(), null),
                new NewClient("ok", " ", ClientType.PUBLIC, List.of(), List.of(), List.of(), List.of(), null),
                new NewClient("ok", "N", ClientType.PUBLIC, List.of("http://evil.example/cb"), List.of(), List.of(),
                        List.of(), null),
                new NewClient("ok", "N", ClientType.PUBLIC, List.of("https://acme.io/cb#frag"), List.of(), List.of(),
                        List.of(), null),
                new NewClient("ok", "N", ClientType.PUBLIC, List.of(), List.of("https://acme.io/path"), List.of(),
                        List.of(), null),
                new NewClient("ok", "N", ClientType.PUBLIC, List.of(), List.of(), List.of("bad scope"), List.of(), null),
                new NewClient("ok", "N", ClientType.PUBLIC, List.of(), List.of(), List.of(), List.of("a b"), null));
        for (NewClient c : bad) {
            assertThatThrownBy(() -> clients.create(c)).isInstanceOf(InvalidInputException.class);
        }
        assertThat(Files.readString(clientsFile())).isEqualTo(before);
    }

    @Test
    void delete() {
        clients.create(web(Secret.of(SECRET)));
        assertThat(clients.delete("web")).isTrue();
        assertThat(clients.delete("web")).isFalse();
        assertThat(clients.delete("bad id!")).isFalse();
        assertThat(clients.list()).isEmpty();
        assertThat(clients.verifySecret("web", SECRET)).isFalse();
    }

    @Test
    void aDeletedTenantHasNoClients() {
        plane.tenants().delete("acme");
        assertThatThrownBy(() -> clients.list()).isInstanceOf(TenantNotFoundException.class);
        assertThatThrownBy(() -> clients.create(spa())).isInstanceOf(TenantNotFoundException.class);
        assertThat(root.resolve("tenants/acme")).doesNotExist();
    }

    @Test
    void malformedClientsFileNamesFileAndLine() throws IOException {
        Files.writeString(clientsFile(), "clients:\n  - clientId: web\n    name: [oops\n");
        assertThatThrownBy(() -> clients.list()).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("tenants/acme/clients.yaml:4:");
        Files.writeString(clientsFile(), """
                clients:
                  - clientId: web
                    name: Web
                    type: public
                    redirectUri: [https://acme.io/cb]
                """);
        assertThatThrownBy(() -> clients.list()).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("tenants/acme/clients.yaml:5: unknown key 'clients[0].redirectUri'");
        Files.writeString(clientsFile(), """
                a: &a [x,x,x,x,x,x,x,x,x,x]
                b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]
                c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]
                d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]
                """);
        assertThatThrownBy(() -> clients.list()).isInstanceOf(InvalidInputException.class)
                .hasMessage("tenants/acme/clients.yaml:4: more than 20 aliases");
    }

    @Test
    void aClearSecretInTheFileIsRefusedWithoutQuotingIt() throws IOException {
        Files.writeString(clientsFile(), """
                clients:
                  - clientId: web
                    name: Web
                    type: confidential
                    secret: plain-text-secret
                """);
        assertThatThrownBy(() -> clients.list()).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("tenants/acme/clients.yaml:5: clients[0].secret must be a pbkdf2-sha256 hash")
                .hasMessageNotContaining("plain-text-secret");
        Files.writeString(clientsFile(), "clients:\n  - { clientId: web, name: W, type: confidential, secret: 'enc:AAAA' }\n");
        assertThatThrownBy(() -> clients.list()).isInstanceOf(SecretException.class)
                .hasMessageContaining("stored as pbkdf2-sha256 hashes").hasMessageNotContaining("AAAA");
    }

    @Test
    void readsTheDesignExampleWithAHashedSecret() throws IOException {
        String hash = new ClientSecretHasher(1000).hash(Secret.of(SECRET));
        Files.writeString(clientsFile(), """
                clients:
                  - clientId: web
                    name: Web app
                    type: confidential            # public | confidential
                    redirectUris: [https://acme.io/callback]
                    allowedOrigins: [https://acme.io]
                    scopes: [openid, profile, email]
                    grantTypes: [authorization_code, refresh_token]
                    secret: "%s"
                """.formatted(hash));
        Client web = clients.get("web").orElseThrow();
        assertThat(web.scopes()).containsExactly("openid", "profile", "email");
        assertThat(web.createdAt()).isEqualTo(java.time.Instant.EPOCH);
        assertThat(clients.verifySecret("web", SECRET)).isTrue();
        assertThat(Map.of("hasSecret", web.hasSecret())).containsEntry("hasSecret", true);
    }
}
