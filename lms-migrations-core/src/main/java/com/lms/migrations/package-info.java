/**
 * Versioned, reversible MongoDB migrations: write a {@link com.lms.migrations.Migration}, run it
 * with a {@link com.lms.migrations.MigrationRunner}.
 */
@NullMarked
package com.lms.migrations;

import org.jspecify.annotations.NullMarked;
