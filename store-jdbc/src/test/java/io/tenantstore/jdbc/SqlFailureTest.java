package io.tenantstore.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SqlFailureTest {
    @Test
    void carriesTheConstraintWhenKnown() {
        assertThat(new SqlFailure(SqlFailure.Kind.UNIQUE_VIOLATION, "ts_users_email_uk").constraintName())
                .contains("ts_users_email_uk");
        assertThat(SqlFailure.of(SqlFailure.Kind.OTHER).constraintName()).isEmpty();
        assertThatThrownBy(() -> new SqlFailure(null, null)).isInstanceOf(NullPointerException.class);
    }
}
