package io.tenantstore.mongodb.internal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.mongodb.MongoNamespace;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import io.tenantstore.InvalidInputException;
import io.tenantstore.spi.Text;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.codecs.configuration.CodecRegistry;
import org.bson.conversions.Bson;

/**
 * The {@link MongoDatabase} handed out by {@code unwrap}: the tenant's database, refusing what
 * would reach another database through it. Checked before anything is sent:
 * <ul>
 *   <li>aggregation pipelines ({@code aggregate} on the database or a collection, and
 *       {@code runCommand}) whose {@code $out} or {@code $merge} names another database;</li>
 *   <li>{@code renameCollection} to another database;</li>
 *   <li>{@code mapReduce}, whose output can be pointed at any database (and which MongoDB
 *       deprecates): use an aggregation;</li>
 *   <li>handles derived from this one ({@code withCodecRegistry}, {@code withReadPreference},
 *       {@code getCollection}, {@code withDocumentClass}, ...) are guarded the same way.</li>
 * </ul>
 * Each checked document is converted to BSON once and that copy is what the driver sends, so a
 * {@link Bson} that changes between the check and the send cannot slip through. This is the
 * library's check only: the server keeps tenants apart only when each {@code database} tenant logs
 * in with its own user, granted its own database alone. Thread-safe (stateless around a
 * thread-safe driver handle).
 */
final class TenantDatabaseGuard implements InvocationHandler {
    private final Object target;
    private final String database;

    private TenantDatabaseGuard(Object target, String database) {
        this.target = target;
        this.database = database;
    }

    /**
     * @param db the tenant's database handle
     * @return a guarded view of it
     */
    static MongoDatabase database(MongoDatabase db) {
        return (MongoDatabase) Proxy.newProxyInstance(MongoDatabase.class.getClassLoader(),
                new Class<?>[] {MongoDatabase.class}, new TenantDatabaseGuard(db, db.getName()));
    }

    private static MongoCollection<?> collection(MongoCollection<?> c, String database) {
        return (MongoCollection<?>) Proxy.newProxyInstance(MongoCollection.class.getClassLoader(),
                new Class<?>[] {MongoCollection.class}, new TenantDatabaseGuard(c, database));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                default -> "guarded " + target;
            };
        }
        Object[] checked = args == null ? null : args.clone();
        String name = method.getName();
        if (name.equals("mapReduce")) {
            throw refused("mapReduce can write its output into any database; use an aggregation ($merge or $out"
                    + " into this database)");
        }
        if (name.equals("aggregate") || name.equals("runCommand") || name.equals("watch")) {
            CodecRegistry registry = registry();
            for (int i = 0; checked != null && i < checked.length; i++) {
                checked[i] = check(checked[i], registry);
            }
        }
        if (name.equals("renameCollection") && checked != null) {
            for (Object a : checked) {
                if (a instanceof MongoNamespace ns && !ns.getDatabaseName().equals(database)) {
                    throw refused("renameCollection into database " + Text.quote(ns.getDatabaseName()));
                }
            }
        }
        Object result;
        try {
            result = method.invoke(target, checked);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
        if (result instanceof MongoDatabase db && method.getReturnType() == MongoDatabase.class) {
            return new TenantDatabaseGuard(db, database).asDatabase();
        }
        if (result instanceof MongoCollection<?> c && method.getReturnType() == MongoCollection.class) {
            return collection(c, database);
        }
        return result;
    }

    private MongoDatabase asDatabase() {
        return (MongoDatabase) Proxy.newProxyInstance(MongoDatabase.class.getClassLoader(),
                new Class<?>[] {MongoDatabase.class}, this);
    }

    private CodecRegistry registry() {
        return target instanceof MongoDatabase d ? d.getCodecRegistry() : ((MongoCollection<?>) target).getCodecRegistry();
    }

    /** @return the argument, with every Bson replaced by the checked BSON copy that will be sent */
    private Object check(Object arg, CodecRegistry registry) {
        if (arg instanceof Bson b) {
            BsonDocument doc = b.toBsonDocument(BsonDocument.class, registry);
            scan(doc);
            return doc;
        }
        if (arg instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (Object o : list) {
                copy.add(check(o, registry));
            }
            return copy;
        }
        return arg;
    }

    private void scan(BsonValue value) {
        if (value instanceof BsonDocument doc) {
            for (Map.Entry<String, BsonValue> e : doc.entrySet()) {
                if (e.getKey().equals("$out")) {
                    outTarget(e.getValue());
                } else if (e.getKey().equals("$merge")) {
                    mergeTarget(e.getValue());
                }
                scan(e.getValue());
            }
        } else if (value instanceof BsonArray array) {
            for (BsonValue v : array) {
                scan(v);
            }
        }
    }

    private void outTarget(BsonValue v) {
        if (v.isDocument() && v.asDocument().containsKey("db")) {
            requireOwn(v.asDocument().get("db"), "$out");
        }
    }

    private void mergeTarget(BsonValue v) {
        if (v.isDocument()) {
            BsonValue into = v.asDocument().get("into");
            if (into != null && into.isDocument() && into.asDocument().containsKey("db")) {
                requireOwn(into.asDocument().get("db"), "$merge");
            }
        }
    }

    private void requireOwn(BsonValue db, String stage) {
        if (!db.isString() || !db.asString().getValue().equals(database)) {
            throw refused(stage + " into database " + (db.isString() ? Text.quote(db.asString().getValue()) : db));
        }
    }

    private InvalidInputException refused(String what) {
        return new InvalidInputException("refused through the tenant's handle of database " + Text.quote(database)
                + ": " + what + " would reach another database; a tenant's handle works in its own database only");
    }
}
