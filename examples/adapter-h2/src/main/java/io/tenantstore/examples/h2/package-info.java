/**
 * An H2 adapter written against TenantStore's published SPI ({@code io.tenantstore.spi}) and
 * tenantstore-jdbc's public package only: an example of an adapter built outside the project.
 */
@NullMarked
package io.tenantstore.examples.h2;

import org.jspecify.annotations.NullMarked;
