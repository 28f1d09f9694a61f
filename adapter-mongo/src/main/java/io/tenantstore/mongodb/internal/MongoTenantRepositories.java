package io.tenantstore.mongodb.internal;

import java.util.Optional;

import com.mongodb.client.MongoDatabase;
import io.tenantstore.repository.ConsentRepository;
import io.tenantstore.repository.MfaRepository;
import io.tenantstore.repository.RbacRepository;
import io.tenantstore.repository.TokenRepository;
import io.tenantstore.repository.UserRepository;
import io.tenantstore.spi.DataSecretCipher;
import io.tenantstore.spi.TenantRepositories;

/**
 * The repositories of one bound tenant on MongoDB. {@link #unwrap(Class)} offers
 * {@link MongoDatabase} (the tenant's database; in {@code shared} isolation the shared database,
 * which is <b>not</b> filtered by tenant: the application must add {@code tenantId} to its own
 * queries), through the client current at the call. The {@code MongoClient} itself is not offered:
 * it reaches every tenant database of the data source, and closing it would break them all. The
 * database handle refuses what would reach another database ({@link TenantDatabaseGuard}). A credential rotation that the server enforces replaces
 * that client and closes the old one, so a handle kept from before stops working: unwrap again
 * rather than keeping one. Thread-safe.
 */
final class MongoTenantRepositories implements TenantRepositories {
    private final TenantContext ctx;
    private final UserRepository users;
    private final TokenRepository tokens;
    private final MfaRepository mfa;
    private final ConsentRepository consents;
    private final RbacRepository rbac;

    /** @param ctx the bound tenant @param cipher encrypts TOTP seeds */
    MongoTenantRepositories(TenantContext ctx, DataSecretCipher cipher) {
        this.ctx = ctx;
        this.users = new MongoUserRepository(ctx);
        this.tokens = new MongoTokenRepository(ctx);
        this.mfa = new MongoMfaRepository(ctx, cipher);
        this.consents = new MongoConsentRepository(ctx);
        this.rbac = new MongoRbacRepository(ctx);
    }

    @Override
    public UserRepository users() {
        return users;
    }

    @Override
    public TokenRepository tokens() {
        return tokens;
    }

    @Override
    public MfaRepository mfa() {
        return mfa;
    }

    @Override
    public ConsentRepository consents() {
        return consents;
    }

    @Override
    public RbacRepository rbac() {
        return rbac;
    }

    /** @return how many TOTP seeds were re-encrypted under the keyring's primary key */
    int reEncryptSecrets() {
        return ((MongoMfaRepository) mfa).reEncryptSecrets();
    }

    @Override
    public <T> Optional<T> unwrap(Class<T> type) {
        if (type == MongoDatabase.class) {
            return Optional.of(type.cast(TenantDatabaseGuard.database(ctx.database())));
        }
        return Optional.empty();
    }

    /** @return the tenant and its database, never a credential */
    @Override
    public String toString() {
        return "MongoTenantRepositories[tenant=" + ctx.slug() + ", database=" + ctx.databaseName() + "]";
    }
}
