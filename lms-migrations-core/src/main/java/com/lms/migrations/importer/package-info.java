/**
 * Importing the history of another migration tool (Mongock, migrate-mongo, Flyway for MongoDB), so
 * that migrations it already applied are recorded as applied and not run again.
 */
@NullMarked
package com.lms.migrations.importer;

import org.jspecify.annotations.NullMarked;
