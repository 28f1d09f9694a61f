/**
 * Bounded YAML reading and writing shared by store.yaml and the YAML control plane: a loader
 * with size, alias and depth limits, a typed reader that rejects unknown keys, durations, secret
 * references and the {@link io.tenantstore.DbConfig} mapping.
 *
 * <p>Status: <b>adapter SPI</b>. For control-plane adapters that keep YAML (the bundled {@code fs}
 * adapter is built on it and nothing else of core); changes are announced in the release notes.
 */
@NullMarked
package io.tenantstore.core.yaml;

import org.jspecify.annotations.NullMarked;
