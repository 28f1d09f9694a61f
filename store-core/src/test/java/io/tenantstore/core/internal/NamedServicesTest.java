package io.tenantstore.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import io.tenantstore.ErrorCode;
import io.tenantstore.StoreException;
import io.tenantstore.noop.NoDatabaseAdapter;
import io.tenantstore.spi.StoreAdapter;
import io.tenantstore.spi.TenantCacheProvider;
import org.junit.jupiter.api.Test;

class NamedServicesTest {

    private static NamedServices<StoreAdapter> of(StoreAdapter... adapters) {
        return NamedServices.of("adapter", List.of(adapters), StoreAdapter::name, StoreAdapter::aliases);
    }

    @Test
    void discoversAdaptersThroughServiceLoader() {
        NamedServices<StoreAdapter> found = NamedServices.adapters(getClass().getClassLoader());
        assertThat(found.names()).contains("noop");
        assertThat(found.require("noop")).isInstanceOf(NoDatabaseAdapter.class);
        assertThat(NamedServices.adapters(getClass().getClassLoader())).as("cached per class loader").isSameAs(found);
    }

    @Test
    void theMemoryCacheIsBuiltInAndAnUnknownCacheFailsListingWhatWasFound() {
        NamedServices<TenantCacheProvider> caches = NamedServices.caches(getClass().getClassLoader());
        assertThat(caches.names()).containsExactly("memory");
        assertThat(caches.require("memory")).isInstanceOf(InMemoryCacheProvider.class);
        assertThatThrownBy(() -> caches.require("redis"))
                .isInstanceOf(StoreException.class)
                .hasMessage("no cache named 'redis' on the classpath; found: memory"
                        + " (add the cache's jar, e.g. io.tenantstore:tenantstore-redis for redis)")
                .satisfies(e -> assertThat(((StoreException) e).code()).isEqualTo(ErrorCode.CONFIGURATION));
    }

    @Test
    void aCacheNameClaimedTwiceFails() {
        assertThatThrownBy(() -> NamedServices.of("cache", List.of(new InMemoryCacheProvider(), new InMemoryCacheProvider()),
                TenantCacheProvider::name, TenantCacheProvider::aliases))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("cache name claimed twice: 'memory' by");
    }

    @Test
    void choosesByNameOrAliasIgnoringCase() {
        FakeAdapter fake = new FakeAdapter("fake");
        NamedServices<StoreAdapter> services = of(fake, new NoDatabaseAdapter());
        assertThat(services.require("fake")).isSameAs(fake);
        assertThat(services.require("FAKE-alias")).isSameAs(fake);
        assertThat(services.require("none")).isInstanceOf(NoDatabaseAdapter.class);
    }

    @Test
    void unknownNameFailsListingWhatWasFound() {
        NamedServices<StoreAdapter> services = of(new FakeAdapter("fake"), new NoDatabaseAdapter());
        assertThatThrownBy(() -> services.require("postgres"))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION))
                .hasMessageContaining("no adapter named 'postgres'")
                .hasMessageContaining("found: fake, noop")
                .hasMessageContaining("tenantstore-postgres");
    }

    @Test
    void nameClaimedTwiceFailsNamingBothClaimants() {
        assertThatThrownBy(() -> of(new FakeAdapter("pg"), new FakeAdapter("pg")))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION))
                .hasMessageContaining("claimed twice")
                .hasMessageContaining("'pg'");
    }

    @Test
    void aliasCollidingWithAnotherNameFails() {
        assertThatThrownBy(() -> of(new FakeAdapter("a"), new FakeAdapter("a-alias")))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("'a-alias'");
    }

    @Test
    void emptyClasspathSaysNoneFound() {
        assertThatThrownBy(() -> of().require("mysql")).hasMessageContaining("found: none");
    }
}
