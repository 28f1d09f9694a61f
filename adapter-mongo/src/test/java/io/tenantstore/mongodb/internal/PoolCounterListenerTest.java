package io.tenantstore.mongodb.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.ServerAddress;
import com.mongodb.connection.ClusterId;
import com.mongodb.connection.ConnectionId;
import com.mongodb.connection.ServerId;
import com.mongodb.event.ConnectionCheckOutFailedEvent;
import com.mongodb.event.ConnectionCheckOutStartedEvent;
import com.mongodb.event.ConnectionCheckedInEvent;
import com.mongodb.event.ConnectionCheckedOutEvent;
import com.mongodb.event.ConnectionClosedEvent;
import com.mongodb.event.ConnectionCreatedEvent;
import io.tenantstore.spi.AdapterConnection.PoolCounters;
import org.junit.jupiter.api.Test;

class PoolCounterListenerTest {
    private static final ServerId SERVER = new ServerId(new ClusterId(), new ServerAddress("db.example", 27017));

    private final PoolCounterListener listener = new PoolCounterListener();

    @Test
    void countsOpenCheckedOutAndWaitingConnections() {
        ConnectionId c1 = new ConnectionId(SERVER, 1, null);
        ConnectionId c2 = new ConnectionId(SERVER, 2, null);
        assertThat(listener.snapshot()).isEqualTo(new PoolCounters(0, 0, 0));

        listener.connectionCheckOutStarted(new ConnectionCheckOutStartedEvent(SERVER, 1));
        listener.connectionCheckOutStarted(new ConnectionCheckOutStartedEvent(SERVER, 2));
        listener.connectionCheckOutStarted(new ConnectionCheckOutStartedEvent(SERVER, 3));
        listener.connectionCreated(new ConnectionCreatedEvent(c1));
        listener.connectionCreated(new ConnectionCreatedEvent(c2));
        listener.connectionCheckedOut(new ConnectionCheckedOutEvent(c1, 1, 0));
        assertThat(listener.snapshot()).isEqualTo(new PoolCounters(1, 1, 2));

        listener.connectionCheckedOut(new ConnectionCheckedOutEvent(c2, 2, 0));
        listener.connectionCheckOutFailed(new ConnectionCheckOutFailedEvent(SERVER, 3,
                ConnectionCheckOutFailedEvent.Reason.TIMEOUT, 0));
        assertThat(listener.snapshot()).isEqualTo(new PoolCounters(2, 0, 0));

        listener.connectionCheckedIn(new ConnectionCheckedInEvent(c1, 1));
        assertThat(listener.snapshot()).isEqualTo(new PoolCounters(1, 1, 0));

        listener.connectionClosed(new ConnectionClosedEvent(c1, ConnectionClosedEvent.Reason.IDLE));
        assertThat(listener.snapshot()).isEqualTo(new PoolCounters(1, 0, 0));
    }
}
