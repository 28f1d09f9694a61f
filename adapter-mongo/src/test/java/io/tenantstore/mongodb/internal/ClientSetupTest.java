package io.tenantstore.mongodb.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.mongodb.AuthenticationMechanism;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoCredential;
import io.tenantstore.CredentialSpec;
import io.tenantstore.DbConfig;
import io.tenantstore.ErrorCode;
import io.tenantstore.InvalidInputException;
import io.tenantstore.PoolSettings;
import io.tenantstore.Secret;
import io.tenantstore.StoreException;
import org.junit.jupiter.api.Test;

class ClientSetupTest {
    private static final String PASSWORD = "hunter2-very-secret";

    private static DbConfig.Builder config(String url) {
        return DbConfig.builder("mongodb", url);
    }

    @Test
    void aUrlWithoutDatabaseOrLoginNeedsNoCredential() {
        ClientSetup setup = ClientSetup.of(config("mongodb://127.0.0.1:27017").build(), null);

        assertThat(setup.settings().getCredential()).isNull();
        assertThat(setup.urlDatabase()).isEmpty();
        assertThat(setup.description()).isEqualTo("mongodb 127.0.0.1:27017");
        assertThat(setup.settings().getApplicationName()).isEqualTo("tenantstore");
    }

    @Test
    void theUrlsDatabaseIsValidatedAndKept() {
        assertThat(ClientSetup.of(config("mongodb://db1:27017,db2:27017/app?replicaSet=rs0").build(), null)
                .urlDatabase()).contains("app");
        assertThatThrownBy(() -> ClientSetup.of(config("mongodb://db/admin").build(), null))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("'admin'");
    }

    @Test
    void usernameAndPasswordBecomeACredentialAgainstTheUrlsDatabase() {
        ClientSetup setup = ClientSetup.of(config("mongodb://db:27017/app").username("svc")
                .password(Secret.of(PASSWORD)).build(), null);

        MongoCredential c = setup.settings().getCredential();
        assertThat(c.getUserName()).isEqualTo("svc");
        assertThat(c.getSource()).isEqualTo("app");
        assertThat(c.getPassword()).isEqualTo(PASSWORD.toCharArray());
        assertThat(c.getAuthenticationMechanism()).isNull();
        assertThat(setup.description()).isEqualTo("mongodb db:27017/app as svc");
    }

    @Test
    void authSourceAndMechanismComeFromTheUrlOrProperties() {
        MongoCredential admin = ClientSetup.of(config("mongodb://db/app?authSource=admin&authMechanism=SCRAM-SHA-256")
                .username("svc").password(Secret.of(PASSWORD)).build(), null).settings().getCredential();
        assertThat(admin.getSource()).isEqualTo("admin");
        assertThat(admin.getAuthenticationMechanism()).isEqualTo(AuthenticationMechanism.SCRAM_SHA_256);

        MongoCredential noDatabase = ClientSetup.of(config("mongodb://db").username("svc")
                .password(Secret.of(PASSWORD)).build(), null).settings().getCredential();
        assertThat(noDatabase.getSource()).isEqualTo("admin");

        MongoCredential plain = ClientSetup.of(config("mongodb://db/app").property("authMechanism", "PLAIN")
                .username("svc").password(Secret.of(PASSWORD)).build(), null).settings().getCredential();
        assertThat(plain.getSource()).isEqualTo("$external");
        assertThat(plain.getAuthenticationMechanism()).isEqualTo(AuthenticationMechanism.PLAIN);
    }

    @Test
    void thePasswordNeverShowsInTheDescriptionOrToString() {
        ClientSetup setup = ClientSetup.of(config("mongodb://db/app").username("svc").password(Secret.of(PASSWORD))
                .build(), null);

        assertThat(setup.toString()).doesNotContain(PASSWORD).contains("svc");
        assertThat(setup.description()).doesNotContain(PASSWORD);
    }

    @Test
    void inconsistentLoginsAreRefused() {
        assertThatThrownBy(() -> ClientSetup.of(config("mongodb://db/app").username("svc").build(), null))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("no password");
        assertThatThrownBy(() -> ClientSetup.of(config("mongodb://db/app").password(Secret.of(PASSWORD)).build(),
                null)).isInstanceOf(InvalidInputException.class).hasMessageContaining("no username")
                .hasMessageNotContaining(PASSWORD);
        assertThatThrownBy(() -> ClientSetup.of(config("mongodb://CN%3Dclient@db/?authMechanism=MONGODB-X509")
                .username("other").build(), null))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("'other'");
        assertThatThrownBy(() -> ClientSetup.of(config("mongodb://db/?authMechanism=MONGODB-X509").username("svc")
                .password(Secret.of(PASSWORD)).build(), null))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("takes no password")
                .hasMessageNotContaining(PASSWORD);
    }

    @Test
    void aStaticCredentialsSourceIsAPasswordAndRotatingSourcesAreAConfigurationError() {
        MongoCredential c = ClientSetup.of(config("mongodb://db/app").username("svc")
                .credentials(CredentialSpec.of(new CredentialSpec.Static(Secret.of(PASSWORD)))).build(), null)
                .settings().getCredential();
        assertThat(c.getPassword()).isEqualTo(PASSWORD.toCharArray());

        DbConfig rotating = config("mongodb://db/app").username("svc")
                .credentials(CredentialSpec.of(CredentialSpec.Environment.of("DB_PASSWORD"))).build();
        assertThatThrownBy(() -> ClientSetup.of(rotating, null))
                .isInstanceOfSatisfying(StoreException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION))
                .hasMessageContaining("'env'");
    }

    @Test
    void aUserInTheUrlWithAPasswordlessMechanismKeepsTheDriversCredential() {
        MongoCredential c = ClientSetup.of(config("mongodb://CN%3Dclient@db/?authMechanism=MONGODB-X509").build(),
                null).settings().getCredential();

        assertThat(c.getUserName()).isEqualTo("CN=client");
        assertThat(c.getAuthenticationMechanism()).isEqualTo(AuthenticationMechanism.MONGODB_X509);
    }

    @Test
    void onlyMongoConnectionStringsAreAccepted() {
        assertThatThrownBy(() -> ClientSetup.of(config("jdbc:postgresql://db/app").build(), null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("mongodb://")
                .hasMessageContaining("'jdbc:postgresql://db/app'");
        assertThatThrownBy(() -> ClientSetup.of(config("mongodb://db/app?readPreference=sideways").build(), null))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("invalid MongoDB connection string");
    }

    @Test
    void propertiesAreConnectionStringOptions() {
        MongoClientSettings s = ClientSetup.of(config("mongodb://db1,db2").property("replicaSet", "rs0")
                .property("appName", "billing").build(), null).settings();

        assertThat(s.getClusterSettings().getRequiredReplicaSetName()).isEqualTo("rs0");
        assertThat(s.getApplicationName()).isEqualTo("billing");
        assertThat(ClientSetup.of(config("mongodb://db/app?w=majority").property("replicaSet", "rs1").build(), null)
                .settings().getClusterSettings().getRequiredReplicaSetName()).isEqualTo("rs1");
    }

    @Test
    void poolSettingsSizeThePoolAndBoundTheWaits() {
        PoolSettings pool = new PoolSettings(7, 2, Duration.ofMillis(1500));
        MongoClientSettings s = ClientSetup.of(config("mongodb://db").pool(pool).build(), null).settings();

        assertThat(s.getConnectionPoolSettings().getMaxSize()).isEqualTo(7);
        assertThat(s.getConnectionPoolSettings().getMinSize()).isEqualTo(2);
        assertThat(s.getConnectionPoolSettings().getMaxWaitTime(TimeUnit.MILLISECONDS)).isEqualTo(1500);
        assertThat(s.getClusterSettings().getServerSelectionTimeout(TimeUnit.MILLISECONDS)).isEqualTo(1500);
        assertThat(s.getSocketSettings().getConnectTimeout(TimeUnit.MILLISECONDS)).isEqualTo(1500);

        MongoClientSettings own = ClientSetup.of(config("mongodb://db/?serverSelectionTimeoutMS=9000").pool(pool)
                .build(), null).settings();
        assertThat(own.getClusterSettings().getServerSelectionTimeout(TimeUnit.MILLISECONDS)).isEqualTo(9000);
    }

    @Test
    void thePoolListenerIsRegistered() {
        PoolCounterListener listener = new PoolCounterListener();

        MongoClientSettings s = ClientSetup.of(config("mongodb://db").build(), listener).settings();

        assertThat(s.getConnectionPoolSettings().getConnectionPoolListeners()).containsExactly(listener);
    }
}
