/** Micrometer metrics of migration runs and of the progress of background migrations. */
@NullMarked
package com.lms.migrations.metrics;

import org.jspecify.annotations.NullMarked;
