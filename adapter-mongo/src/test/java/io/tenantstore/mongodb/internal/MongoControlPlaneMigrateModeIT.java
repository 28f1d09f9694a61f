package io.tenantstore.mongodb.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;

import io.tenantstore.DbConfig;
import io.tenantstore.Isolation;
import io.tenantstore.MigrationException;
import io.tenantstore.MigrationMode;
import io.tenantstore.testkit.conformance.FakePasswordHasher;
import org.junit.jupiter.api.Test;

/** {@code migrate: validate} on a MongoDB global database creates nothing (the command line's dry runs rely on it). */
class MongoControlPlaneMigrateModeIT {
    private static MongoControlPlaneStore open(DbConfig db) {
        return MongoControlPlaneStore.open(MongoTestServer.adapterConfig(db, Clock.systemUTC(), new FakePasswordHasher()));
    }

    @Test
    void validateOpensOnlyWhereTheIndexesAreThereAndCreatesNone() {
        DbConfig db = MongoTestServer.get().config(MongoTestServer.uniqueDatabase(), Isolation.DATABASE);
        DbConfig validate = db.toBuilder().migrate(MigrationMode.VALIDATE).build();

        assertThatThrownBy(() -> open(validate)).isInstanceOf(MigrationException.class)
                .hasMessageContaining("are not set up");
        ClientSetup setup = ClientSetup.of(db, null);
        try (com.mongodb.client.MongoClient client = com.mongodb.client.MongoClients.create(setup.settings())) {
            assertThat(client.getDatabase(setup.urlDatabase().orElseThrow()).listCollectionNames()
                    .into(new java.util.ArrayList<>())).isEmpty();
        }
        try (MongoControlPlaneStore created = open(db)) {
            assertThat(created.slugs()).isEmpty();
        }
        try (MongoControlPlaneStore checked = open(validate)) {
            assertThat(checked.slugs()).isEmpty();
        }
    }
}
