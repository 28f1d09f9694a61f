package io.tenantstore.examples.h2;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;

import io.tenantstore.jdbc.Constraint;
import io.tenantstore.jdbc.SqlFailure;
import org.junit.jupiter.api.Test;

/** The dialect classifies the exceptions H2 really throws, naming TenantStore's constraints. */
class H2DialectTest {
    private static Connection connect() throws SQLException {
        Properties p = new Properties();
        p.putAll(H2Dialect.INSTANCE.defaultDriverProperties());
        p.put("user", "sa");
        return DriverManager.getConnection("jdbc:h2:mem:dialect_" + UUID.randomUUID().toString().replace("-", ""), p);
    }

    private static SQLException failure(Statement st, String sql) {
        try {
            st.execute(sql);
        } catch (SQLException e) {
            return e;
        }
        throw new AssertionError("no failure: " + sql);
    }

    @Test
    void uniqueAndPrimaryKeyAndForeignKeyViolationsNameTheConstraint() throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE ts_users (tenant_id uuid NOT NULL, id uuid NOT NULL, email_normalized varchar(254)"
                    + " NOT NULL, CONSTRAINT ts_users_pk PRIMARY KEY (tenant_id, id),"
                    + " CONSTRAINT ts_users_email_uk UNIQUE (tenant_id, email_normalized))");
            st.execute("CREATE TABLE ts_consents (tenant_id uuid NOT NULL, user_id uuid NOT NULL,"
                    + " CONSTRAINT ts_consents_user_fk FOREIGN KEY (tenant_id, user_id) REFERENCES ts_users (tenant_id, id))");
            String t = "'" + UUID.randomUUID() + "'";
            st.execute("INSERT INTO ts_users VALUES (" + t + ", " + t + ", 'ana@acme.io')");

            SqlFailure email = H2Dialect.INSTANCE.classify(failure(st, "INSERT INTO ts_users VALUES (" + t + ", '"
                    + UUID.randomUUID() + "', 'ana@acme.io')"));
            assertThat(email.kind()).isEqualTo(SqlFailure.Kind.UNIQUE_VIOLATION);
            assertThat(email.knownConstraint()).contains(Constraint.USERS_EMAIL_UK);

            SqlFailure pk = H2Dialect.INSTANCE.classify(failure(st, "INSERT INTO ts_users VALUES (" + t + ", " + t
                    + ", 'other@acme.io')"));
            assertThat(pk.knownConstraint()).contains(Constraint.USERS_PK);

            SqlFailure fk = H2Dialect.INSTANCE.classify(failure(st, "INSERT INTO ts_consents VALUES (" + t + ", '"
                    + UUID.randomUUID() + "')"));
            assertThat(fk.kind()).isEqualTo(SqlFailure.Kind.FOREIGN_KEY_VIOLATION);
            assertThat(fk.knownConstraint()).contains(Constraint.CONSENTS_USER_FK);

            SqlFailure tooLong = H2Dialect.INSTANCE.classify(failure(st, "INSERT INTO ts_users VALUES (" + t + ", '"
                    + UUID.randomUUID() + "', '" + "x".repeat(300) + "')"));
            assertThat(tooLong.kind()).isEqualTo(SqlFailure.Kind.INVALID_DATA);
        }
    }

    @Test
    void upsertAndInsertIfAbsentRenderStandardMerge() {
        assertThat(H2Dialect.INSTANCE.upsert("ts_consents", java.util.List.of("tenant_id", "user_id", "scopes"),
                java.util.List.of("tenant_id", "user_id"), java.util.List.of("scopes")))
                .isEqualTo("MERGE INTO ts_consents t USING (VALUES (?, ?, ?)) s (tenant_id, user_id, scopes) ON"
                        + " t.tenant_id = s.tenant_id AND t.user_id = s.user_id WHEN MATCHED THEN UPDATE SET"
                        + " scopes = s.scopes WHEN NOT MATCHED THEN INSERT (tenant_id, user_id, scopes)"
                        + " VALUES (s.tenant_id, s.user_id, s.scopes)");
        assertThat(H2Dialect.INSTANCE.insertIfAbsent("ts_x", java.util.List.of("a"), java.util.List.of("a")))
                .doesNotContain("WHEN MATCHED").endsWith("WHEN NOT MATCHED THEN INSERT (a) VALUES (s.a)");
    }
}
