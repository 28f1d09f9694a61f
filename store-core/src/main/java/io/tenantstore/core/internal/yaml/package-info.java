/**
 * Bounded YAML reading and writing shared by store.yaml and the YAML control plane: a loader
 * with size, alias and depth limits, a typed reader that rejects unknown keys, durations, secret
 * references and the {@link io.tenantstore.DbConfig} mapping.
 *
 * <p>Status: <b>internal</b>. Used by tenantstore modules only; no compatibility promise.
 */
@NullMarked
package io.tenantstore.core.internal.yaml;

import org.jspecify.annotations.NullMarked;
