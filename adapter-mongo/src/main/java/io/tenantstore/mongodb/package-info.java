/**
 * The MongoDB adapter ({@code driver: mongodb}): the data-plane repositories on MongoDB with
 * {@code database} (one MongoDB database per tenant) or {@code shared} (one database, documents
 * separated by {@code tenantId}) isolation. See {@link io.tenantstore.mongodb.MongoStoreAdapter}.
 *
 * <p>Status: <b>API</b> (the adapter class); chosen by the name {@code mongodb}.
 */
@NullMarked
package io.tenantstore.mongodb;

import org.jspecify.annotations.NullMarked;
