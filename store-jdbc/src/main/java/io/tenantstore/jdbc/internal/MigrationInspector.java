package io.tenantstore.jdbc.internal;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import io.tenantstore.MigrationException;
import io.tenantstore.MigrationStatus;
import io.tenantstore.UnavailableException;
import io.tenantstore.jdbc.SqlDialect;
import io.tenantstore.jdbc.SqlFailure;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.jspecify.annotations.Nullable;

/**
 * Reads where a target stands against its migrations with Flyway's {@code info}, which writes
 * nothing: no schema is created, no history table, no lock taken. It reads the same three
 * histories the {@link Migrator} writes (TenantStore's tables, the row-level security policies
 * of a shared target, the application's locations), configured the same way, so a version it
 * calls pending is one a migration run would apply. Thread-safe (stateless apart from its
 * configuration).
 */
final class MigrationInspector {
    private final DataSource dataSource;
    private final SqlDialect dialect;
    private final List<String> appLocations;
    private final ClassLoader ownLoader;
    private final ClassLoader appLoader;
    private final String source;

    /**
     * @param dataSource   connections apart from the traffic pool (the migrations' login)
     * @param dialect      the engine
     * @param appLocations the application's Flyway locations
     * @param appLoader    the class loader that sees the application's locations
     * @param source       the data source, for messages (no secret)
     */
    MigrationInspector(DataSource dataSource, SqlDialect dialect, List<String> appLocations, ClassLoader appLoader,
                       String source) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.appLocations = List.copyOf(appLocations);
        this.ownLoader = MigrationInspector.class.getClassLoader();
        this.appLoader = appLoader;
        this.source = source;
    }

    /**
     * @param schema      the target schema, or {@code null} for the connection's default schema
     * @param rowSecurity whether the row-level security policies belong to the target
     * @return the status of each history of the target
     * @throws UnavailableException when the database cannot be reached
     * @throws MigrationException   when Flyway cannot read the target
     */
    MigrationStatus status(@Nullable String schema, boolean rowSecurity) {
        List<MigrationStatus.History> histories = new ArrayList<>();
        histories.add(read(schema, MigrationStatus.History.TENANTSTORE, Migrator.HISTORY, ownLoader,
                dialect.migrationLocation()));
        if (rowSecurity) {
            histories.add(read(schema, MigrationStatus.History.ROW_SECURITY, Migrator.RLS_HISTORY, ownLoader,
                    dialect.rowSecurity().orElseThrow().migrationLocation()));
        }
        if (!appLocations.isEmpty()) {
            histories.add(read(schema, MigrationStatus.History.APPLICATION, Migrator.APP_HISTORY, appLoader,
                    appLocations.toArray(String[]::new)));
        }
        return new MigrationStatus(describe(schema), histories);
    }

    /** @return the target in words, as the status names it */
    String describe(@Nullable String schema) {
        return (schema == null ? "default schema" : "schema '" + schema + "'") + " of " + source;
    }

    private MigrationStatus.History read(@Nullable String schema, String name, String table, ClassLoader loader,
                                         String... locations) {
        // the settings that decide what counts as pending are the Migrator's
        FluentConfiguration config = Flyway.configure(loader)
                .dataSource(dataSource)
                .locations(locations)
                .table(table)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .failOnMissingLocations(true)
                .validateMigrationNaming(true)
                .cleanDisabled(true)
                .loggers("slf4j");
        if (schema != null) {
            config.schemas(schema);
        }
        MigrationInfo[] all;
        try {
            all = config.load().info().all();
        } catch (RuntimeException e) {
            if (connectionFailure(e)) {
                throw new UnavailableException(UnavailableException.Reason.DATABASE_DOWN,
                        "cannot read the migrations of " + describe(schema) + ": the database is unreachable", e);
            }
            throw new MigrationException("cannot read the " + name + " migrations of " + describe(schema) + ": "
                    + e.getMessage(), e);
        }
        org.flywaydb.core.api.MigrationVersion current = null;
        List<String> pending = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (MigrationInfo m : all) {
            if (m.getVersion() == null || m.getType().isBaseline() || m.getType().isSynthetic()) {
                continue; // Flyway's own markers (baseline, schema creation) are no migration of ours
            }
            String version = m.getVersion().getVersion();
            MigrationState state = m.getState();
            if (state.isFailed()) {
                failed.add(version);
            } else if (state == MigrationState.PENDING || state == MigrationState.OUTDATED) {
                pending.add(version);
            } else if (state.isApplied() && (current == null || m.getVersion().compareTo(current) > 0)) {
                current = m.getVersion();
            }
        }
        return new MigrationStatus.History(name, Optional.ofNullable(current).map(v -> v.getVersion()), pending, failed);
    }

    private boolean connectionFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException
                    || t instanceof SQLException sql && dialect.classify(sql).kind() == SqlFailure.Kind.CONNECTION_FAILURE) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
