package io.tenantstore.mongodb.internal;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.tenantstore.spi.Credential;
import org.jspecify.annotations.Nullable;

/**
 * Makes the {@link MongoClient} of a data source for a login. The adapter uses {@link #DRIVER};
 * tests put in one that records the logins asked for (an in-memory server has no authentication).
 * Implementations must be thread-safe.
 */
@FunctionalInterface
interface ClientFactory {
    /** Builds a driver client with the login applied to the settings. */
    ClientFactory DRIVER = (setup, login) -> MongoClients.create(setup.settingsFor(login));

    /**
     * @param setup the data source's settings
     * @param login the login to authenticate with, or {@code null} for none (or the URL's)
     * @return a new client; the caller closes it
     */
    MongoClient create(ClientSetup setup, @Nullable Credential login);
}
