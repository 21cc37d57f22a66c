/** A read-only HTTP API over the migrated courses and enrollments. */
@NullMarked
package com.lms.sample.api;

import org.jspecify.annotations.NullMarked;
