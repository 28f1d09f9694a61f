/**
 * JMH benchmarks for the performance targets stated in README.md, each reported as a ratio against a baseline
 * measured in the same run.
 *
 * <p>Status: <b>internal</b>; not published.
 */
@NullMarked
package io.tenantstore.bench;

import org.jspecify.annotations.NullMarked;
