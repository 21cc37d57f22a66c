/**
 * Tests rollbacks before production: {@link com.lms.migrations.verify.ReversibilityCheck} runs
 * migrations up, down and up again in a scratch database and reports every {@code down} that does
 * not restore the data. Built on the public API of {@link com.lms.migrations} only.
 */
@NullMarked
package com.lms.migrations.verify;

import org.jspecify.annotations.NullMarked;
