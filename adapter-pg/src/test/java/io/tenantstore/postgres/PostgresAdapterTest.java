package io.tenantstore.postgres;

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

class PostgresAdapterTest {
    @Test
    void isNamedPostgresWithThePostgresqlAlias() {
        PostgresAdapter adapter = new PostgresAdapter();
        assertThat(adapter.name()).isEqualTo("postgres");
        assertThat(adapter.aliases()).containsExactly("postgresql");
    }

    @Test
    void isDiscoveredByTheServiceLoader() {
        assertThat(ServiceLoader.load(StoreAdapter.class).stream().map(ServiceLoader.Provider::type))
                .contains(PostgresAdapter.class);
    }

    @Test
    void refusesAUrlForAnotherDriverBeforeConnecting() {
        PasswordHasher hasher = new PasswordHasher() {
            @Override
            public String hash(char[] password) {
                return "h";
            }

            @Override
            public boolean verify(char[] password, String encoded) {
                return false;
            }
        };
        AdapterConfig config = new AdapterConfig(DbConfig.of("postgres", "jdbc:mysql://127.0.0.1/app"),
                Clock.systemUTC(), Runnable::run, hasher, List.of());
        assertThatThrownBy(() -> new PostgresAdapter().connect(config)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("jdbc:mysql://127.0.0.1/app");
    }
}
