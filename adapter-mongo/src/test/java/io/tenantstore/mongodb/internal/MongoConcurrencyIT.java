package io.tenantstore.mongodb.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import io.tenantstore.ConflictException;
import io.tenantstore.ErrorCode;
import io.tenantstore.InvalidInputException;
import io.tenantstore.Isolation;
import io.tenantstore.StoreException;
import io.tenantstore.model.NewRefreshToken;
import io.tenantstore.model.NewUser;
import io.tenantstore.model.RefreshToken;
import io.tenantstore.spi.TenantRepositories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * 16 threads released together by a barrier race for the same single-use thing; exactly one wins.
 * Holds on mongo-java-server, which has no transactions, because every check-and-set is one
 * conditional single-document update.
 */
@ParameterizedClass
@EnumSource(value = Isolation.class, names = {"DATABASE", "SHARED"})
class MongoConcurrencyIT {
    private static final int THREADS = 16;

    @Parameter
    Isolation isolation;

    private TestTenants tenants;
    private TenantRepositories repos;
    private ExecutorService pool;
    private String u1;

    @BeforeEach
    void bind() {
        tenants = new TestTenants(isolation);
        repos = tenants.bind("race");
        u1 = TestTenants.newUser(repos);
        pool = Executors.newFixedThreadPool(THREADS);
    }

    @AfterEach
    void close() {
        pool.shutdownNow();
        tenants.close();
    }

    /** Runs {@code task} on 16 threads at once; returns each thread's result or exception. */
    private <T> List<Object> race(Callable<T> task) throws InterruptedException {
        CyclicBarrier start = new CyclicBarrier(THREADS);
        List<Future<T>> futures = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            futures.add(pool.submit(() -> {
                start.await();
                return task.call();
            }));
        }
        List<Object> outcomes = new ArrayList<>();
        for (Future<T> f : futures) {
            try {
                outcomes.add(f.get(60, TimeUnit.SECONDS));
            } catch (ExecutionException e) {
                outcomes.add(e.getCause());
            } catch (java.util.concurrent.TimeoutException e) {
                throw new AssertionError("a racer did not finish", e);
            }
        }
        return outcomes;
    }

    @Test
    void aRecoveryCodeIsUsedExactlyOnce() throws InterruptedException {
        repos.mfa().setRecoveryCodes(u1, List.of("code", "other"));

        List<Object> outcomes = race(() -> repos.mfa().useRecoveryCode(u1, "code"));

        assertThat(outcomes).filteredOn(Boolean.TRUE::equals).hasSize(1);
        assertThat(outcomes).filteredOn(Boolean.FALSE::equals).hasSize(THREADS - 1);
        assertThat(repos.mfa().remainingRecoveryCodes(u1)).isEqualTo(1);
    }

    @Test
    void aRefreshTokenIsRotatedExactlyOnceAndTheLosersRevokeTheFamily() throws InterruptedException {
        RefreshToken original = repos.tokens().create(new NewRefreshToken("old", u1, "app", List.of("openid"),
                Duration.ofHours(1)));
        AtomicInteger next = new AtomicInteger();

        List<Object> outcomes = race(() -> repos.tokens().rotate("old", "new-" + next.getAndIncrement(),
                Duration.ofHours(1)));

        List<RefreshToken> winners = outcomes.stream().filter(RefreshToken.class::isInstance)
                .map(RefreshToken.class::cast).toList();
        assertThat(winners).hasSize(1);
        assertThat(winners.get(0).familyId()).isEqualTo(original.familyId());
        // A loser presents a token that was just rotated: that is reuse, and the whole family goes.
        assertThat(outcomes).filteredOn(InvalidInputException.class::isInstance)
                .hasSize(THREADS - 1)
                .allSatisfy(e -> assertThat(((StoreException) e).code()).isEqualTo(ErrorCode.TOKEN_REUSED));
        assertThat(repos.tokens().getByHash("old").orElseThrow().rotatedAt()).isNotNull();
        assertThat(repos.tokens().getByHash(winners.get(0).tokenHash()).orElseThrow().revokedAt()).isNotNull();
        long stored = IntStream.range(0, THREADS).filter(i -> repos.tokens().getByHash("new-" + i).isPresent())
                .count();
        assertThat(stored).isEqualTo(1);
    }

    @Test
    void aTotpStepIsAcceptedOnce() throws InterruptedException {
        repos.mfa().upsertTotp(u1, io.tenantstore.Secret.of("SEED"));

        List<Object> outcomes = race(() -> repos.mfa().markTotpUsed(u1, 12345));

        assertThat(outcomes).filteredOn(Boolean.TRUE::equals).hasSize(1);
        assertThat(outcomes).filteredOn(Boolean.FALSE::equals).hasSize(THREADS - 1);
    }

    @Test
    void anEmailIsRegisteredOnce() throws InterruptedException {
        List<Object> outcomes = race(() -> repos.users().create(NewUser.of("ana@acme.io", "h")));

        assertThat(outcomes).filteredOn(io.tenantstore.model.User.class::isInstance).hasSize(1);
        assertThat(outcomes).filteredOn(ConflictException.class::isInstance).hasSize(THREADS - 1);
    }

    @Test
    void concurrentFirstGrantsOfAConsentLeaveOneDocument() throws InterruptedException {
        List<Object> outcomes = race(() -> repos.consents().upsert(u1, "app", Set.of("openid")));

        assertThat(outcomes).allSatisfy(o -> assertThat(o).isInstanceOf(io.tenantstore.model.Consent.class));
        assertThat(repos.consents().listByUser(u1, false)).hasSize(1);
    }
}
