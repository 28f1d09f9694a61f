/**
 * The adapter conformance suite: {@link io.tenantstore.testkit.conformance.AdapterConformanceSuite}
 * runs every data-plane repository method of an adapter against a real database, for one
 * isolation, with two tenants on the same data source, and checks that neither tenant ever sees
 * the other's rows. Adapter modules subclass it once per isolation they support, in classes named
 * {@code *IT} so failsafe runs them.
 *
 * <p>Status: <b>API</b> for adapter authors (test scope).
 */
@NullMarked
package io.tenantstore.testkit.conformance;

import org.jspecify.annotations.NullMarked;
