package io.tenantstore.spi;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

import io.tenantstore.HealthReport;

/**
 * The control plane kept in a database (the {@code globalDb}): for each tenant five documents,
 * its settings, its clients, its scopes, its branding and its signing keys, in the same text form as the
 * control-plane files (so secrets stay {@code enc:} values and client secrets stay hashed), each
 * with a revision; one control-plane-wide document, the administrators (admins.yaml, password
 * hashes only); and a change log other processes poll. Opened by {@link StoreAdapter#openControlPlaneStore}; every
 * write is atomic (one transaction, or one document) and appends to the change log. Thread-safe.
 */
public interface ControlPlaneStore extends AutoCloseable {

    /** The documents of a tenant. */
    enum Kind {
        /** The tenant itself (tenant.yaml); its revision is the tenant's version. */
        TENANT,
        /** Its OAuth clients (clients.yaml). */
        CLIENTS,
        /** Its scopes (scopes.yaml). */
        SCOPES,
        /** Its branding (branding.yaml); empty text when none is set. */
        BRANDING,
        /**
         * Its token-signing keys (keys.yaml: public keys, private keys only as {@code enc:} values);
         * empty text when it has none.
         */
        SIGNING_KEYS
    }

    /**
     * The change-log name of a write to the administrators document: not a valid slug, so it
     * never names a tenant.
     */
    String ADMINS_CHANGE = "admins.yaml";

    /**
     * One stored document.
     *
     * @param revision for {@link Kind#TENANT} the tenant's version; otherwise a counter every write raises
     * @param text     the document, as in the control-plane file
     */
    record Document(long revision, String text) {
        /** Rejects null text. */
        public Document {
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * The documents of one tenant.
     *
     * @param slug     the tenant's slug
     * @param id       the tenant's id
     * @param tenant   tenant.yaml
     * @param clients  clients.yaml
     * @param scopes   scopes.yaml
     * @param branding branding.yaml, empty text when the tenant has no branding
     * @param signingKeys keys.yaml, empty text when the tenant has no signing keys
     */
    record TenantDocuments(String slug, String id, Document tenant, Document clients, Document scopes,
                           Document branding, Document signingKeys) {
        /** Rejects nulls. */
        public TenantDocuments {
            Objects.requireNonNull(slug, "slug");
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(tenant, "tenant");
            Objects.requireNonNull(clients, "clients");
            Objects.requireNonNull(scopes, "scopes");
            Objects.requireNonNull(branding, "branding");
            Objects.requireNonNull(signingKeys, "signingKeys");
        }

        /**
         * A tenant without signing keys (an empty keys document at revision 1).
         *
         * @param slug     the tenant's slug
         * @param id       the tenant's id
         * @param tenant   tenant.yaml
         * @param clients  clients.yaml
         * @param scopes   scopes.yaml
         * @param branding branding.yaml
         */
        public TenantDocuments(String slug, String id, Document tenant, Document clients, Document scopes,
                               Document branding) {
            this(slug, id, tenant, clients, scopes, branding, new Document(1, ""));
        }

        /**
         * A tenant without branding (an empty branding document at revision 1).
         *
         * @param slug    the tenant's slug
         * @param id      the tenant's id
         * @param tenant  tenant.yaml
         * @param clients clients.yaml
         * @param scopes  scopes.yaml
         */
        public TenantDocuments(String slug, String id, Document tenant, Document clients, Document scopes) {
            this(slug, id, tenant, clients, scopes, new Document(1, ""));
        }

        /** @param kind a kind @return that document */
        public Document get(Kind kind) {
            return switch (kind) {
                case TENANT -> tenant;
                case CLIENTS -> clients;
                case SCOPES -> scopes;
                case BRANDING -> branding;
                case SIGNING_KEYS -> signingKeys;
            };
        }
    }

    /**
     * One entry of the change log.
     *
     * @param seq  its position, growing with every write (gaps allowed)
     * @param slug the tenant concerned, or {@link #ADMINS_CHANGE} for the administrators
     */
    record Change(long seq, String slug) {
    }

    /** @return the slugs of every stored tenant, sorted */
    List<String> slugs();

    /** @param slug a validated slug @return its documents, read consistently, if the tenant exists */
    Optional<TenantDocuments> read(String slug);

    /** @param id a tenant id @return the slug of the tenant with that id, if any */
    Optional<String> slugOfId(String id);

    /**
     * Stores a new tenant.
     *
     * @param docs its documents
     * @throws io.tenantstore.ConflictException when a tenant with that slug or id exists
     */
    void create(TenantDocuments docs);

    /**
     * Compare-and-set of one document.
     *
     * @param slug             the tenant
     * @param kind             which document
     * @param expectedRevision the revision the caller read
     * @param next             the new document and revision
     * @return false (nothing written) when the tenant is gone or its document has another revision
     */
    boolean replace(String slug, Kind kind, long expectedRevision, Document next);

    /** @param slug the tenant @return whether it existed (its documents go with it) */
    boolean delete(String slug);

    /**
     * Writes a tenant's documents whatever is stored (creating or replacing): for copies from the
     * files (mirror, repair, import), never for the database-sourced control plane's own writes.
     * When another tenant holds the same id it is removed first, so a copy always wins.
     *
     * @param docs the documents
     */
    void put(TenantDocuments docs);

    /**
     * @return the administrators document (admins.yaml text); revision 0 and empty text when none
     *         was ever written
     */
    Document admins();

    /**
     * Compare-and-set of the administrators document; appends {@link #ADMINS_CHANGE} to the change log.
     *
     * @param expectedRevision the revision the caller read (0: none stored yet)
     * @param next             the new document and revision
     * @return false (nothing written) when the stored document has another revision
     */
    boolean replaceAdmins(long expectedRevision, Document next);

    /**
     * Writes the administrators document whatever is stored: for copies from the files (mirror,
     * repair, import), never for the database-sourced control plane's own writes.
     *
     * @param doc the document
     */
    void putAdmins(Document doc);

    /** @return the highest change-log position, 0 when the log is empty */
    long latestChange();

    /**
     * @param after a position
     * @param limit at most this many
     * @return the entries after {@code after}, by position
     */
    List<Change> changesSince(long after, int limit);

    /**
     * Removes change-log entries older than {@code before}; Default: nothing.
     *
     * @param before a time
     * @return how many were removed
     */
    default int pruneChanges(Instant before) {
        return 0;
    }

    /**
     * Pushes other processes' writes as they commit, where the engine can (PostgreSQL
     * {@code LISTEN/NOTIFY}); the change-log poll still runs and catches what a notification lost.
     *
     * @param onChange called with the slug of each tenant written; must not block
     * @return a handle that stops the subscription, or empty when the engine cannot push (Default)
     */
    default Optional<AutoCloseable> subscribe(Consumer<String> onChange) {
        return Optional.empty();
    }

    /** @return the engine and where it is, for messages (never credentials) */
    String describe();

    /** @return whether the database answers */
    HealthReport.Check health();

    /** Closes the connections. Idempotent. */
    @Override
    void close();
}
