/** Internal: the Actuator contributors and the web request plumbing of the starter. No compatibility promise. */
@NullMarked
package io.tenantstore.spring.internal;

import org.jspecify.annotations.NullMarked;
