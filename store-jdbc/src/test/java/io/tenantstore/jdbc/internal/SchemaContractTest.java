package io.tenantstore.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;

import io.tenantstore.ErrorCode;
import io.tenantstore.StoreException;
import io.tenantstore.jdbc.SqlDialect;
import org.junit.jupiter.api.Test;

class SchemaContractTest {
    @Test
    void everyBundledDialectProvidesExactlyTheContractVersion() {
        ClassLoader loader = getClass().getClassLoader();
        for (String engine : new String[] {"postgresql", "mysql", "sqlite"}) {
            assertThat(BundledMigrations.latest(loader, "classpath:db/tenantstore/" + engine)).as(engine)
                    .hasValue(SqlDialect.SCHEMA_VERSION);
        }
    }

    @Test
    void aDialectWhoseMigrationsStopShortIsRefusedNamingTheVersions() {
        assertThatThrownBy(() -> JdbcConnection.requireContract(dialect("short")))
                .isInstanceOfSatisfying(StoreException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION))
                .hasMessageContaining("short dialect's migrations (classpath:db/tenantstore/short) stop at version 3")
                .hasMessageContaining("need the tables of version " + SqlDialect.SCHEMA_VERSION);
    }

    @Test
    void aDialectWithTheContractOrAnUnlistableLocationBinds() {
        assertThatCode(() -> JdbcConnection.requireContract(dialect("postgresql"))).doesNotThrowAnyException();
        // nothing to list: not judged here (Flyway reports a missing location when it runs)
        assertThatCode(() -> JdbcConnection.requireContract(dialect("nowhere"))).doesNotThrowAnyException();
    }

    /** A dialect answering only its name; its other methods are not reached by the check. */
    private static SqlDialect dialect(String name) {
        InvocationHandler h = (proxy, method, args) -> {
            if (method.getName().equals("name")) {
                return name;
            }
            if (method.isDefault()) {
                return InvocationHandler.invokeDefault(proxy, method, args);
            }
            throw new UnsupportedOperationException(method.getName());
        };
        return (SqlDialect) Proxy.newProxyInstance(SqlDialect.class.getClassLoader(), new Class<?>[] {SqlDialect.class}, h);
    }
}
