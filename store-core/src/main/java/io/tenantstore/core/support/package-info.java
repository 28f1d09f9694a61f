/**
 * Building blocks for data-plane adapters that core offers beside the SPI: the
 * {@link io.tenantstore.core.support.ProbingBreaker} that makes calls to a down server fail at once
 * and resume within one probe interval of its return.
 *
 * <p>Status: <b>adapter SPI</b>. Adapters may rely on it; changes are announced in the release
 * notes. Everything under a package named {@code internal} is not for adapters, and the build checks
 * that no bundled adapter uses it.
 */
@NullMarked
package io.tenantstore.core.support;

import org.jspecify.annotations.NullMarked;
