package io.tenantstore.mongodb.internal;

import java.util.function.Function;

/**
 * Runs one operation against a client generation. The adapter uses {@link #DIRECT}; tests put in
 * one that fails the way the driver does when the server refuses a generation's login, which an
 * in-memory server without authentication cannot do. Implementations must be thread-safe.
 */
interface OperationRunner {
    /** Runs the work as it is. */
    OperationRunner DIRECT = new OperationRunner() {
        @Override
        public <T> T run(ClientGeneration generation, Function<ClientGeneration, T> work) {
            return work.apply(generation);
        }
    };

    /**
     * @param generation the client to run on, entered by the caller
     * @param work       the operation
     * @param <T>        its result type
     * @return its result
     */
    <T> T run(ClientGeneration generation, Function<ClientGeneration, T> work);
}
