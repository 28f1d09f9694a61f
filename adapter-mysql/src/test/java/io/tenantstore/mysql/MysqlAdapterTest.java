package io.tenantstore.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.List;
import java.util.ServiceLoader;

import io.tenantstore.DbConfig;
import io.tenantstore.InvalidInputException;
import io.tenantstore.spi.AdapterConfig;
import io.tenantstore.spi.StoreAdapter;
import io.tenantstore.testkit.conformance.FakePasswordHasher;
import org.junit.jupiter.api.Test;

class MysqlAdapterTest {
    @Test
    void isNamedMysqlWithTheMariadbAlias() {
        MysqlAdapter adapter = new MysqlAdapter();
        assertThat(adapter.name()).isEqualTo("mysql");
        assertThat(adapter.aliases()).containsExactly("mariadb");
    }

    @Test
    void isDiscoveredByTheServiceLoader() {
        assertThat(ServiceLoader.load(StoreAdapter.class).stream().map(ServiceLoader.Provider::type))
                .contains(MysqlAdapter.class);
    }

    @Test
    void refusesAUrlForAnotherDriverBeforeConnecting() {
        for (String url : List.of("jdbc:postgresql://127.0.0.1/app", "jdbc:mariadb://127.0.0.1/app")) {
            AdapterConfig config = new AdapterConfig(DbConfig.of("mysql", url), Clock.systemUTC(), Runnable::run,
                    new FakePasswordHasher(), List.of());
            assertThatThrownBy(() -> new MysqlAdapter().connect(config)).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining(url).hasMessageContaining("jdbc:mysql:");
        }
    }
}
