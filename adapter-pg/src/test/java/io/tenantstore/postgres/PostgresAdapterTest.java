package io.tenantstore.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.List;
import java.util.ServiceLoader;

import io.tenantstore.DbConfig;
import io.tenantstore.ErrorCode;
import io.tenantstore.InvalidInputException;
import io.tenantstore.Isolation;
import io.tenantstore.StoreException;
import io.tenantstore.UnavailableException;
import io.tenantstore.spi.AdapterConfig;
import io.tenantstore.spi.StoreAdapter;
import io.tenantstore.testkit.conformance.FakePasswordHasher;
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
    void refusesSimpleQueryModeOnASharedDataSourceBeforeConnecting() {
        for (DbConfig db : List.of(
                DbConfig.builder("postgres", "jdbc:postgresql://127.0.0.1:1/app?preferQueryMode=simple")
                        .isolation(Isolation.SHARED).build(),
                DbConfig.builder("postgres", "jdbc:postgresql://127.0.0.1:1/app?ssl=false&preferquerymode=Simple")
                        .isolation(Isolation.SHARED).build(),
                DbConfig.builder("postgres", "jdbc:postgresql://127.0.0.1:1/app").isolation(Isolation.SHARED)
                        .property("preferQueryMode", "simple").build())) {
            assertThatThrownBy(() -> new PostgresAdapter().connect(config(db))).as(db.url())
                    .isInstanceOfSatisfying(StoreException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION))
                    .hasMessageContaining("preferQueryMode=simple is refused");
        }
        // other isolations, and other modes, go on to connect (and fail there: nothing listens on port 1)
        DbConfig schema = DbConfig.builder("postgres", "jdbc:postgresql://127.0.0.1:1/app?preferQueryMode=simple")
                .isolation(Isolation.SCHEMA).build();
        DbConfig extended = DbConfig.builder("postgres", "jdbc:postgresql://127.0.0.1:1/app?preferQueryMode=extended")
                .isolation(Isolation.SHARED).build();
        for (DbConfig db : List.of(schema, extended)) {
            assertThatThrownBy(() -> new PostgresAdapter().connect(config(db))).as(db.url())
                    .isInstanceOf(UnavailableException.class).hasMessageStartingWith("cannot connect to");
        }
    }

    private static AdapterConfig config(DbConfig db) {
        return new AdapterConfig(db, Clock.systemUTC(), Runnable::run, new FakePasswordHasher(), List.of());
    }

    @Test
    void refusesAUrlForAnotherDriverBeforeConnecting() {
        AdapterConfig config = config(DbConfig.of("postgres", "jdbc:mysql://127.0.0.1/app"));
        assertThatThrownBy(() -> new PostgresAdapter().connect(config)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("jdbc:mysql://127.0.0.1/app");
    }
}
