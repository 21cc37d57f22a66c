/** The {@code migrations} actuator endpoint: status, logs and history, and rollbacks over HTTP. */
@NullMarked
package com.lms.migrations.actuate.endpoint;

import org.jspecify.annotations.NullMarked;
