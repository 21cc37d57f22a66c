/**
 * Micrometer observations of migration runs: one per migration run (a span in tracing, the {@code
 * lms.migrations.execution} timer in metrics), under one for the whole startup run.
 */
@NullMarked
package com.lms.migrations.observation;

import org.jspecify.annotations.NullMarked;
