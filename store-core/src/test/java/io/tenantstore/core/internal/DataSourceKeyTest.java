package io.tenantstore.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.tenantstore.DbConfig;
import io.tenantstore.Isolation;
import io.tenantstore.Secret;
import org.junit.jupiter.api.Test;

class DataSourceKeyTest {
    @Test
    void schemaAndIsolationDoNotSplitADataSource() {
        DataSourceKey a = DataSourceKey.of(DbConfig.builder("postgres", "jdbc:postgresql://db/app")
                .isolation(Isolation.SCHEMA).schema("t_a").username("app").build());
        DataSourceKey b = DataSourceKey.of(DbConfig.builder("postgres", "jdbc:postgresql://db/app")
                .isolation(Isolation.SHARED).username("app").build());
        assertThat(a).isEqualTo(b);
    }

    @Test
    void credentialSourceSplitsADataSourceButIsNeverShown() {
        DataSourceKey env = DataSourceKey.of(DbConfig.builder("postgres", "jdbc:postgresql://db/app").username("app")
                .password(Secret.referenced("s3cret-value", "${APP_DB_PASSWORD}")).build());
        DataSourceKey literal = DataSourceKey.of(DbConfig.builder("postgres", "jdbc:postgresql://db/app")
                .username("app").password(Secret.of("s3cret-value")).build());
        assertThat(env).isNotEqualTo(literal);
        assertThat(env.toString()).isEqualTo("postgres:jdbc:postgresql://db/app as app");
        assertThat(literal.toString()).doesNotContain("s3cret");
        assertThat(literal.credential()).doesNotContain("s3cret");
    }
}
