package io.tenantstore.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.tenantstore.ControlPlaneSource;
import io.tenantstore.DataAccessLayer;
import io.tenantstore.DbConfig;
import io.tenantstore.TenantDataAccess;
import io.tenantstore.core.TenantStore;
import io.tenantstore.model.ClientType;
import io.tenantstore.model.NewClient;
import io.tenantstore.model.NewTenant;
import io.tenantstore.model.Scope;
import io.tenantstore.model.Tenant;
import io.tenantstore.testkit.TestDatabase;
import io.tenantstore.testkit.TestDatabases;
import io.tenantstore.testkit.conformance.FakePasswordHasher;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A cold tenant's control-plane read (the tenant, its clients and scopes, as a cold
 * {@code forTenant} and a client lookup need them) from the PostgreSQL global database against the
 * same read from the YAML files, in one run; and warm {@code forTenant} with the database as the
 * source against the files as the source (the cached path must not change). Not thread-safe (JMH state).
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
// three JVMs: one compiles and lays out the code its own way, and both sides of a ratio shift with it
@org.openjdk.jmh.annotations.Fork(3)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ControlPlaneReadBenchmark {
    private DataAccessLayer files;
    private DataAccessLayer database;

    /** One tenant with a client and a scope on each side. */
    @Setup(Level.Trial)
    public void open() throws Exception {
        TestDatabase server = TestDatabases.postgres();
        String url = server.createDatabase("bench_cp_" + UUID.randomUUID().toString().substring(0, 8));
        Path dir = Files.createTempDirectory("tenantstore-bench-cp-");
        files = TenantStore.builder().fsRoot(dir).passwordHasher(new FakePasswordHasher()).noBackgroundMaintenance()
                .build();
        database = TenantStore.builder().globalDb(DbConfig.builder("postgres", url).username(server.username()).build())
                .controlPlaneSource(ControlPlaneSource.DATABASE).passwordHasher(new FakePasswordHasher())
                .noBackgroundMaintenance().build();
        for (DataAccessLayer s : List.of(files, database)) {
            s.config().tenants().create(NewTenant.of("acme", "Acme"));
            s.config().clients("acme").create(new NewClient("spa", "Spa", ClientType.PUBLIC,
                    List.of("https://acme.example/cb"), List.of(), List.of("openid"), List.of("authorization_code"), null));
            s.config().scopes("acme").create(new Scope("billing", "Billing", false));
            s.forTenant("acme");
        }
    }

    /** Closes both stores. */
    @TearDown(Level.Trial)
    public void close() {
        files.close();
        database.close();
    }

    private static int read(DataAccessLayer s) {
        Tenant t = s.config().tenants().getBySlug("acme").orElseThrow();
        return t.slug().length() + s.config().clients("acme").list().size() + s.config().scopes("acme").list().size();
    }

    /** @return the cold read from the files (the baseline) */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime) // a median: a cold read is at the mercy of the disk and the server
    public int coldControlPlaneReadFiles() {
        return read(files);
    }

    /** @return the cold read from the database */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime) // a median: a cold read is at the mercy of the disk and the server
    public int coldControlPlaneReadDatabase() {
        return read(database);
    }

    /** @return warm forTenant, files as the source */
    @Benchmark
    public TenantDataAccess forTenantWarmFilesSource() {
        return files.forTenant("acme");
    }

    /** @return warm forTenant, database as the source */
    @Benchmark
    public TenantDataAccess forTenantWarmDatabaseSource() {
        return database.forTenant("acme");
    }
}
