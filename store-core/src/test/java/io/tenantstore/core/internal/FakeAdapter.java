package io.tenantstore.core.internal;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.tenantstore.UnavailableException;
import io.tenantstore.spi.AdapterConfig;
import io.tenantstore.spi.AdapterConnection;
import io.tenantstore.spi.StoreAdapter;
import io.tenantstore.spi.TenantRepositories;
import io.tenantstore.spi.TenantScope;

/**
 * A scripted adapter: counts connects and binds, can block or fail them, and hands out fake
 * connections whose health and closing tests control. Thread-safe.
 */
final class FakeAdapter implements StoreAdapter {
    final AtomicInteger connects = new AtomicInteger();
    final AtomicInteger binds = new AtomicInteger();
    final AtomicInteger failNextConnects = new AtomicInteger();
    final List<FakeConnection> connections = new CopyOnWriteArrayList<>();
    final List<TenantScope> scopes = new CopyOnWriteArrayList<>();
    volatile CountDownLatch connectGate = new CountDownLatch(0);
    volatile CountDownLatch connectEntered = new CountDownLatch(1);
    volatile CountDownLatch bindGate = new CountDownLatch(0);
    volatile CountDownLatch bindEntered = new CountDownLatch(1);
    private final String name;

    FakeAdapter(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Set<String> aliases() {
        return Set.of(name + "-alias");
    }

    @Override
    public AdapterConnection connect(AdapterConfig config) {
        connects.incrementAndGet();
        connectEntered.countDown();
        await(connectGate);
        if (failNextConnects.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
            throw new UnavailableException(UnavailableException.Reason.DATABASE_DOWN,
                    "fake database " + config.db().url() + " refused the connection", null);
        }
        FakeConnection c = new FakeConnection(config);
        connections.add(c);
        return c;
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("test gate never opened");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    final class FakeConnection implements AdapterConnection {
        final AdapterConfig config;
        volatile boolean healthy = true;
        volatile boolean closed;

        FakeConnection(AdapterConfig config) {
            this.config = config;
        }

        @Override
        public TenantRepositories bind(TenantScope scope) {
            binds.incrementAndGet();
            scopes.add(scope);
            bindEntered.countDown();
            await(bindGate);
            return new FakeRepositories(scope);
        }

        @Override
        public boolean ping(Duration timeout) {
            return healthy;
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
