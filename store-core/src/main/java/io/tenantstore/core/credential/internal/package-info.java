/**
 * Credential machinery: the JSON reader for command and file output, and the optional Micrometer
 * meters.
 *
 * <p>Status: <b>internal</b>. No compatibility promise; do not use from applications.
 */
@NullMarked
package io.tenantstore.core.credential.internal;

import org.jspecify.annotations.NullMarked;
