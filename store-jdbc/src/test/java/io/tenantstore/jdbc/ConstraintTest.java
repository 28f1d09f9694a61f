package io.tenantstore.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

class ConstraintTest {
    private static final Pattern NAMED = Pattern.compile("CONSTRAINT\\s+`?(ts_[a-z_]+)`?", Pattern.CASE_INSENSITIVE);

    /**
     * The enum is the contract every dialect's schema names its keys by: every unique and foreign
     * key under exactly these names; primary keys too, except on MySQL, where a primary key is
     * always called {@code PRIMARY}.
     */
    @Test
    void everyDialectsSchemaNamesExactlyTheseConstraints() throws IOException {
        Set<String> all = names(Arrays.asList(Constraint.values()));
        Set<String> withoutPrimaryKeys = names(Arrays.stream(Constraint.values())
                .filter(c -> c.kind() != Constraint.Kind.PRIMARY_KEY).toList());
        assertThat(namedIn("db/tenantstore/postgresql/V1__identity_tables.sql")).as("postgresql").isEqualTo(all);
        assertThat(namedIn("db/tenantstore/sqlite/V1__identity_tables.sql")).as("sqlite").isEqualTo(all);
        assertThat(namedIn("db/tenantstore/mysql/V1__identity_tables.sql")).as("mysql").isEqualTo(withoutPrimaryKeys);
    }

    private static Set<String> names(List<Constraint> constraints) {
        return constraints.stream().map(Constraint::constraintName).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void aReportedNameIsMatchedInAnyCaseAndAnUnknownOneIsNot() {
        assertThat(Constraint.byName("TS_USER_ROLES_ROLE_FK")).contains(Constraint.USER_ROLES_ROLE_FK);
        assertThat(Constraint.byName("PRIMARY")).isEmpty();
        assertThat(Constraint.byName(null)).isEmpty();
        assertThat(new SqlFailure(SqlFailure.Kind.FOREIGN_KEY_VIOLATION, "ts_user_roles_user_fk").knownConstraint())
                .contains(Constraint.USER_ROLES_USER_FK);
        assertThat(SqlFailure.of(SqlFailure.Kind.FOREIGN_KEY_VIOLATION).knownConstraint()).isEmpty();
        assertThat(SqlFailure.of(SqlFailure.Kind.UNIQUE_VIOLATION, Constraint.ROLES_NAME_UK).constraintName())
                .contains("ts_roles_name_uk");
    }

    @Test
    void aUniqueKeyIsFoundByItsTableAndColumns() {
        assertThat(Constraint.uniqueKeyOf("ts_users", List.of("tenant_id", "email_normalized")))
                .contains(Constraint.USERS_EMAIL_UK);
        assertThat(Constraint.uniqueKeyOf("ts_users", List.of("tenant_id", "id"))).contains(Constraint.USERS_PK);
        // foreign keys are not unique keys, even with the same columns
        assertThat(Constraint.uniqueKeyOf("ts_mfa_totp", List.of("tenant_id", "user_id"))).contains(Constraint.MFA_TOTP_PK);
        assertThat(Constraint.uniqueKeyOf("ts_users", List.of("email_normalized"))).isEmpty();
    }

    private static Set<String> namedIn(String resource) throws IOException {
        try (InputStream in = ConstraintTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Set<String> names = new TreeSet<>();
            Matcher m = NAMED.matcher(sql);
            while (m.find()) {
                names.add(m.group(1).toLowerCase(Locale.ROOT));
            }
            return names;
        }
    }
}
