package io.tenantstore.mongodb.internal;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.tenantstore.DbConfig;
import io.tenantstore.Isolation;
import io.tenantstore.testkit.conformance.MultiProcessControlPlaneSuite;
import org.bson.Document;

/** Three instances in separate JVMs sharing a control plane in MongoDB (change-log poll). */
class MongoMultiProcessIT extends MultiProcessControlPlaneSuite {
    private static final String DATABASE = MongoTestServer.uniqueDatabase();

    @Override
    protected DbConfig globalDb() {
        return MongoTestServer.get().config(DATABASE, Isolation.DATABASE);
    }

    @Override
    protected boolean announcesEachWriteOnce() {
        return false;
    }

    @Override
    protected long[] storedVersionAndChanges(String slug) {
        DbConfig db = globalDb();
        com.mongodb.ConnectionString url = new com.mongodb.ConnectionString(db.url());
        String authSource = url.getCredential() == null ? "admin" : url.getCredential().getSource();
        com.mongodb.MongoClientSettings.Builder settings = com.mongodb.MongoClientSettings.builder()
                .applyConnectionString(url);
        db.username().ifPresent(u -> settings.credential(com.mongodb.MongoCredential.createCredential(u, authSource,
                db.password().map(p -> p.reveal().toCharArray()).orElse(new char[0]))));
        try (MongoClient client = MongoClients.create(settings.build())) {
            MongoDatabase d = client.getDatabase(DATABASE);
            Document tenant = d.getCollection("ts_cp_tenants").find(Filters.eq("_id", slug)).first();
            if (tenant == null) {
                throw new AssertionError("no document for " + slug);
            }
            long changes = d.getCollection("ts_cp_changes").countDocuments(Filters.eq("slug", slug));
            return new long[] {((Number) tenant.get("version")).longValue(), changes};
        }
    }
}
