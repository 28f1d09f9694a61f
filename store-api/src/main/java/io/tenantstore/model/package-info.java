/**
 * Immutable value records exchanged with the repositories.
 *
 * <p>Status: <b>API</b>.
 */
@NullMarked
package io.tenantstore.model;

import org.jspecify.annotations.NullMarked;
