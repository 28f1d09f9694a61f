/**
 * JMH benchmarks for the targets of DESIGN §10, each reported as a ratio against a baseline
 * measured in the same run.
 *
 * <p>Status: <b>internal</b>; not published.
 */
@NullMarked
package io.tenantstore.bench;

import org.jspecify.annotations.NullMarked;
