package io.tenantstore.mongodb.internal;

import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoCredential;
import com.mongodb.MongoSecurityException;
import com.mongodb.ServerAddress;
import io.tenantstore.spi.Credential;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.jspecify.annotations.Nullable;

/**
 * Fails operations on clients built with a refused secret the way the 5.x driver does when the
 * server refuses a new connection's login during its handshake: a {@link MongoSecurityException}
 * caused by the server's {@code AuthenticationFailed} (code 18), before the operation's request is
 * sent (so the work is not run). Optionally holds the refused callers at a barrier, so that they
 * all fail on the same client before any of them can replace it. Thread-safe.
 */
final class RefusingRunner implements OperationRunner {
    private final Set<String> refused = ConcurrentHashMap.newKeySet();
    private final AtomicInteger refusals = new AtomicInteger();
    private final AtomicInteger runs = new AtomicInteger();
    private volatile @Nullable CyclicBarrier barrier;

    /** @param secret a password the "server" no longer accepts */
    void refuse(String secret) {
        refused.add(secret);
    }

    /** @param parties how many refused callers to hold until all have arrived */
    void holdRefusedCallersUntil(int parties) {
        barrier = new CyclicBarrier(parties);
    }

    /** @return how many operations were refused */
    int refusals() {
        return refusals.get();
    }

    /** @return how many operations ran their work */
    int runs() {
        return runs.get();
    }

    @Override
    public <T> T run(ClientGeneration generation, Function<ClientGeneration, T> work) {
        Credential login = generation.login();
        if (login != null && refused.contains(login.secret().reveal())) {
            refusals.incrementAndGet();
            CyclicBarrier b = barrier;
            if (b != null) {
                try {
                    b.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                } catch (BrokenBarrierException | TimeoutException e) {
                    throw new IllegalStateException("the refused callers did not all arrive", e);
                }
            }
            throw refusedLogin(login);
        }
        runs.incrementAndGet();
        return work.apply(generation);
    }

    /** @param login the refused login @return what the driver throws for it */
    static MongoSecurityException refusedLogin(Credential login) {
        BsonDocument reply = new BsonDocument("ok", new BsonInt32(0))
                .append("code", new BsonInt32(MongoErrors.AUTHENTICATION_FAILED))
                .append("errmsg", new BsonString("Authentication failed."));
        MongoCredential credential = MongoCredential.createScramSha256Credential(login.username(), "admin",
                login.secret().reveal().toCharArray());
        return new MongoSecurityException(credential, "Exception authenticating " + credential,
                new MongoCommandException(reply, new ServerAddress("127.0.0.1", 27017)));
    }
}
