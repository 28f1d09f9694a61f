/**
 * The MongoDB adapter's implementation: connection, index migrations, repositories and error
 * translation.
 *
 * <p>Status: <b>internal</b>. No compatibility promise; do not use from applications.
 */
@NullMarked
package io.tenantstore.mongodb.internal;

import org.jspecify.annotations.NullMarked;
