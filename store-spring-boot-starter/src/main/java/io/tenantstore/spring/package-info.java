/**
 * API: Spring Boot auto-configuration of a {@link io.tenantstore.DataAccessLayer}, its
 * {@code tenantstore.*} properties, and {@link io.tenantstore.spring.TenantStoreBuilderCustomizer}
 * for what properties cannot say.
 */
@NullMarked
package io.tenantstore.spring;

import org.jspecify.annotations.NullMarked;
