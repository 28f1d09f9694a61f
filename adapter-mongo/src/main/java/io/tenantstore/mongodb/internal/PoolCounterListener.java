package io.tenantstore.mongodb.internal;

import java.util.concurrent.atomic.AtomicInteger;

import com.mongodb.event.ConnectionCheckOutFailedEvent;
import com.mongodb.event.ConnectionCheckOutStartedEvent;
import com.mongodb.event.ConnectionCheckedInEvent;
import com.mongodb.event.ConnectionCheckedOutEvent;
import com.mongodb.event.ConnectionClosedEvent;
import com.mongodb.event.ConnectionCreatedEvent;
import com.mongodb.event.ConnectionPoolListener;
import io.tenantstore.spi.AdapterConnection;

/**
 * Counts the driver's pooled connections from its pool events, summed over every server of the
 * client (monitoring connections are not pooled and not counted). Three atomic counters, updated
 * on the driver's threads; cheap enough to stay on. Thread-safe.
 */
final class PoolCounterListener implements ConnectionPoolListener {
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger checkedOut = new AtomicInteger();
    private final AtomicInteger waiting = new AtomicInteger();

    @Override
    public void connectionCreated(ConnectionCreatedEvent event) {
        open.incrementAndGet();
    }

    @Override
    public void connectionClosed(ConnectionClosedEvent event) {
        open.decrementAndGet();
    }

    @Override
    public void connectionCheckOutStarted(ConnectionCheckOutStartedEvent event) {
        waiting.incrementAndGet();
    }

    @Override
    public void connectionCheckedOut(ConnectionCheckedOutEvent event) {
        waiting.decrementAndGet();
        checkedOut.incrementAndGet();
    }

    @Override
    public void connectionCheckOutFailed(ConnectionCheckOutFailedEvent event) {
        waiting.decrementAndGet();
    }

    @Override
    public void connectionCheckedIn(ConnectionCheckedInEvent event) {
        checkedOut.decrementAndGet();
    }

    /** @return a snapshot; the three values are read separately, so they may be a moment apart */
    AdapterConnection.PoolCounters snapshot() {
        int active = Math.max(0, checkedOut.get());
        int idle = Math.max(0, open.get() - active);
        return new AdapterConnection.PoolCounters(active, idle, Math.max(0, waiting.get()));
    }
}
