package io.tenantstore.jdbc.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import javax.sql.DataSource;

import io.tenantstore.jdbc.SqlDialect;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A daemon thread holding one connection subscribed to the control-plane notifications
 * (PostgreSQL {@code LISTEN}); it reconnects after a failure, backing off up to
 * {@value #MAX_BACKOFF_MS} ms. Notifications sent while it is disconnected are lost: the
 * change-log poll catches those. Thread-safe.
 */
final class ChangeSubscription implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChangeSubscription.class);
    /** How long one wait for notifications lasts before checking for close. Default: 500 ms. */
    static final int WAIT_MS = 500;
    /** Longest pause between reconnect attempts. Default: 5 s. */
    static final int MAX_BACKOFF_MS = 5_000;

    private final DataSource plain;
    private final SqlDialect dialect;
    private final String source;
    private final Consumer<String> onChange;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread thread;
    private volatile @Nullable Connection current;

    ChangeSubscription(DataSource plain, SqlDialect dialect, String source, Consumer<String> onChange) {
        this.plain = plain;
        this.dialect = dialect;
        this.source = source;
        this.onChange = onChange;
        this.thread = new Thread(this::run, "tenantstore-control-plane-listener");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        int backoff = 100;
        while (closed.getCount() > 0) {
            try (Connection c = plain.getConnection()) {
                current = c;
                dialect.listenForControlPlaneChanges(c);
                backoff = 100;
                while (closed.getCount() > 0) {
                    List<String> slugs = dialect.awaitControlPlaneChanges(c, WAIT_MS);
                    for (String slug : slugs) {
                        try {
                            onChange.accept(slug);
                        } catch (RuntimeException e) {
                            LOG.warn("control-plane change listener failed for tenant {}", slug, e);
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (closed.getCount() == 0) {
                    return;
                }
                LOG.warn("control-plane notifications from {} interrupted ({}); the change-log poll covers the gap,"
                        + " reconnecting in {} ms", source, e.toString(), backoff);
                try {
                    if (closed.await(backoff, TimeUnit.MILLISECONDS)) {
                        return;
                    }
                } catch (InterruptedException ie) {
                    return;
                }
                backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
            } finally {
                current = null;
            }
        }
    }

    @Override
    public void close() {
        closed.countDown();
        Connection c = current;
        if (c != null) {
            try {
                c.abort(Runnable::run);
            } catch (SQLException | RuntimeException e) {
                LOG.debug("aborting the listening connection: {}", e.toString());
            }
        }
        try {
            thread.join(2 * WAIT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
