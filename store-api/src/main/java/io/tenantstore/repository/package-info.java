/**
 * Repository interfaces. Data-plane repositories are bound to one tenant by
 * {@link io.tenantstore.DataAccessLayer#forTenant(String)}; no method takes a tenant id.
 *
 * <p>Status: <b>API</b>.
 */
@NullMarked
package io.tenantstore.repository;

import org.jspecify.annotations.NullMarked;
