package io.tenantstore.mongodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.List;
import java.util.ServiceLoader;

import io.tenantstore.DbConfig;
import io.tenantstore.InvalidInputException;
import io.tenantstore.PasswordHasher;
import io.tenantstore.spi.AdapterConfig;
import io.tenantstore.spi.StoreAdapter;
import org.junit.jupiter.api.Test;

class MongoStoreAdapterTest {
    private static final PasswordHasher NO_HASHER = new PasswordHasher() {
        @Override
        public String hash(char[] password) {
            throw new UnsupportedOperationException("not used");
        }

        @Override
        public boolean verify(char[] password, String encoded) {
            throw new UnsupportedOperationException("not used");
        }
    };

    @Test
    void isDiscoveredThroughServiceLoaderUnderItsName() {
        List<StoreAdapter> found = ServiceLoader.load(StoreAdapter.class).stream()
                .map(ServiceLoader.Provider::get).filter(a -> a.name().equals("mongodb")).toList();

        assertThat(found).singleElement().isInstanceOf(MongoStoreAdapter.class);
        assertThat(found.get(0).aliases()).containsExactly("mongo");
    }

    @Test
    void anInvalidUrlFailsBeforeAnythingIsOpened() {
        AdapterConfig config = new AdapterConfig(DbConfig.of("mongodb", "postgres://db/app"), Clock.systemUTC(),
                Runnable::run, NO_HASHER, List.of());

        assertThatThrownBy(() -> new MongoStoreAdapter().connect(config))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("mongodb://");
    }

    @Test
    void validateChecksABlockWithoutConnecting() {
        MongoStoreAdapter adapter = new MongoStoreAdapter();
        adapter.validate(DbConfig.of("mongodb", "mongodb://127.0.0.1:1/acme"));
        assertThatThrownBy(() -> adapter.validate(DbConfig.builder("mongodb", "mongodb://127.0.0.1:1/acme")
                .isolation(io.tenantstore.Isolation.SCHEMA).schema("acme").build()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("isolation 'schema'");
        assertThatThrownBy(() -> adapter.validate(DbConfig.of("mongodb", "mongodb://127.0.0.1:1/admin")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("'admin'");
        assertThatThrownBy(() -> adapter.validate(DbConfig.of("mongodb", "postgres://db/app")))
                .isInstanceOf(InvalidInputException.class);
    }
}
