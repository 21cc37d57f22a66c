/** Micrometer metrics of migration runs. */
@NullMarked
package com.lms.migrations.metrics;

import org.jspecify.annotations.NullMarked;
