/**
 * Migrations at application startup: the runner and the strategy that decides what runs, the phase
 * it runs in, the background migrations' lifecycle, and {@link
 * com.lms.migrations.startup.DependsOnMigrations}.
 */
@NullMarked
package com.lms.migrations.startup;

import org.jspecify.annotations.NullMarked;
