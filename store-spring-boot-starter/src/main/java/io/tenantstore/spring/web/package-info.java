/**
 * API and extension point: which tenant a web request is for ({@link io.tenantstore.spring.web.TenantResolver}
 * and its built-in implementations) and where the request's bound
 * {@link io.tenantstore.TenantDataAccess} is found ({@link io.tenantstore.spring.web.TenantRequests}).
 */
@NullMarked
package io.tenantstore.spring.web;

import org.jspecify.annotations.NullMarked;
