package io.tenantstore.mongodb.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoConnectionPoolClearedException;
import com.mongodb.MongoException;
import com.mongodb.MongoInterruptedException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoSecurityException;
import com.mongodb.MongoSocketOpenException;
import com.mongodb.MongoSocketReadException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoWriteException;
import com.mongodb.ServerAddress;
import com.mongodb.WriteError;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.connection.ClusterId;
import com.mongodb.connection.ServerId;
import com.mongodb.MongoCredential;
import io.tenantstore.ConflictException;
import io.tenantstore.ErrorCode;
import io.tenantstore.NotFoundException;
import io.tenantstore.StoreException;
import io.tenantstore.UnavailableException;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.junit.jupiter.api.Test;

class MongoErrorsTest {
    private static final ServerAddress SERVER = new ServerAddress("db.example", 27017);
    private static final String DUP_MESSAGE =
            "E11000 duplicate key error collection: app.users index: ux_users_email dup key: { emailLower: \"x\" }";

    private static MongoWriteException writeError(int code) {
        return new MongoWriteException(new WriteError(code, DUP_MESSAGE, new BsonDocument()), SERVER, Set.of());
    }

    private static MongoCommandException commandError(int code) {
        BsonDocument response = new BsonDocument("ok", new BsonInt32(0)).append("code", new BsonInt32(code))
                .append("errmsg", new BsonString("failed"));
        return new MongoCommandException(response, SERVER);
    }

    @Test
    void duplicateKeyErrorsOfEveryShapeAreConflicts() {
        BulkWriteError bulk = new BulkWriteError(11000, DUP_MESSAGE, new BsonDocument(), 0);
        MongoBulkWriteException bulkException = new MongoBulkWriteException(BulkWriteResult.unacknowledged(),
                List.of(bulk), null, SERVER, Set.of());
        for (MongoException e : List.of(writeError(11000), writeError(11001), commandError(11000), bulkException)) {
            assertThat(MongoErrors.isDuplicateKey(e)).as(e.toString()).isTrue();
            StoreException mapped = MongoErrors.translate(e, "create user in tenant 'acme'");
            assertThat(mapped).isInstanceOf(ConflictException.class);
            assertThat(mapped.getCause()).as("the driver's message, which quotes the key, is withheld")
                    .hasMessageNotContaining("E11000").hasMessageContaining("withheld");
            assertThat(mapped.getCause().getStackTrace()).isEqualTo(e.getStackTrace());
            assertThat(mapped.code()).isEqualTo(ErrorCode.CONFLICT);
            assertThat(mapped.getMessage()).startsWith("create user in tenant 'acme' failed")
                    .doesNotContain("E11000");
        }
        assertThat(MongoErrors.isDuplicateKey(writeError(121))).isFalse();
        assertThat(MongoErrors.isDuplicateKey(new IllegalStateException())).isFalse();
    }

    private static MongoSecurityException refusedLogin() {
        // What the driver throws when the server answers a handshake's SCRAM step with code 18.
        return new MongoSecurityException(MongoCredential.createScramSha256Credential("svc", "admin",
                "pw".toCharArray()), "Exception authenticating", commandError(MongoErrors.AUTHENTICATION_FAILED));
    }

    @Test
    void aLoginRefusedAtTheHandshakeIsRecognisedInEveryShapeTheDriverRaises() {
        MongoSecurityException refused = refusedLogin();
        ServerId server = new ServerId(new ClusterId(), SERVER);
        List<MongoException> shapes = List.of(refused,
                // callers waiting on the pool the failed handshake cleared
                new MongoConnectionPoolClearedException(server, refused),
                new MongoTimeoutException("Timed out while waiting for a connection", refused),
                new MongoSocketOpenException("open failed", SERVER, refused),
                commandError(MongoErrors.AUTHENTICATION_FAILED));

        for (MongoException e : shapes) {
            assertThat(MongoErrors.isLoginRefused(e)).as(e.toString()).isTrue();
        }
    }

    @Test
    void otherFailuresAreNotRefusedLogins() {
        ServerId server = new ServerId(new ClusterId(), SERVER);
        MongoSecurityException brokenSocket = new MongoSecurityException(MongoCredential.createCredential("svc",
                "admin", "pw".toCharArray()), "Exception authenticating",
                new MongoSocketReadException("Prematurely reached end of stream", SERVER));
        List<Exception> others = List.of(brokenSocket, commandError(13), writeError(11000),
                new MongoConnectionPoolClearedException(server, new MongoSocketOpenException("refused", SERVER)),
                new MongoTimeoutException("Timed out while waiting for a server"),
                // a wrapped refusal the adapter translated itself is not re-examined
                new UnavailableException(UnavailableException.Reason.DATABASE_DOWN, "x", refusedLogin()),
                new IllegalStateException("state should be: open"));

        for (Exception e : others) {
            assertThat(MongoErrors.isLoginRefused(e)).as(e.toString()).isFalse();
        }
    }

    @Test
    void connectionFailuresAreDatabaseDown() {
        for (MongoException e : List.of(new MongoSocketOpenException("refused", SERVER),
                new MongoTimeoutException("Timed out while waiting for a server that matches WritableServerSelector"),
                new MongoNotPrimaryException(new BsonDocument(), SERVER))) {
            StoreException mapped = MongoErrors.translate(e, "get user");
            assertThat(mapped).as(e.toString()).isInstanceOfSatisfying(UnavailableException.class,
                    u -> assertThat(u.reason()).isEqualTo(UnavailableException.Reason.DATABASE_DOWN)).hasCause(e);
            assertThat(MongoErrors.isUnavailable(e)).isTrue();
        }
    }

    @Test
    void waitingForAPooledConnectionIsPoolExhaustion() {
        MongoTimeoutException e = new MongoTimeoutException(
                "Timed out after 500 ms while waiting for a connection to server db.example:27017.");

        assertThat(MongoErrors.translate(e, "get user")).isInstanceOfSatisfying(UnavailableException.class,
                u -> assertThat(u.reason()).isEqualTo(UnavailableException.Reason.POOL_EXHAUSTED));
    }

    @Test
    void aRefusedLoginIsDatabaseDownAndNeverShowsThePassword() {
        MongoCredential credential = MongoCredential.createCredential("app", "admin", "hunter2".toCharArray());
        MongoSecurityException e = new MongoSecurityException(credential, "Exception authenticating " + credential);

        StoreException mapped = MongoErrors.translate(e, "connecting to mongodb db.example:27017 as app");

        assertThat(mapped).isInstanceOfSatisfying(UnavailableException.class,
                u -> assertThat(u.reason()).isEqualTo(UnavailableException.Reason.DATABASE_DOWN));
        assertThat(mapped.getMessage()).contains("refused the login").doesNotContain("hunter2");
    }

    @Test
    void aClosedClientIsClosed() {
        IllegalStateException e = new IllegalStateException("state should be: open");

        assertThat(MongoErrors.translate(e, "get user")).isInstanceOfSatisfying(UnavailableException.class,
                u -> assertThat(u.reason()).isEqualTo(UnavailableException.Reason.CLOSED));
    }

    @Test
    void anInterruptIsUnavailableAndKeepsTheInterruptFlag() {
        StoreException mapped = MongoErrors.translate(new MongoInterruptedException("interrupted", null), "get user");

        assertThat(mapped).isInstanceOf(UnavailableException.class);
        assertThat(Thread.interrupted()).isTrue();
    }

    @Test
    void otherFailuresAreInternalWithTheCauseAndCode() {
        MongoCommandException e = commandError(2);

        StoreException mapped = MongoErrors.translate(e, "list users in tenant 'acme'");

        assertThat(mapped.code()).isEqualTo(ErrorCode.INTERNAL);
        assertThat(mapped).hasCause(e).hasMessageContaining("list users in tenant 'acme' failed")
                .hasMessageContaining("error 2");
        assertThat(MongoErrors.translate(new IllegalArgumentException("x"), "op").code()).isEqualTo(ErrorCode.INTERNAL);
    }

    @Test
    void storeExceptionsPassThroughUnchanged() {
        NotFoundException e = new NotFoundException("no user");

        assertThat(MongoErrors.translate(e, "op")).isSameAs(e);
    }
}
