/**
 * Test support: {@link com.lms.migrations.test.MigrationTest @MigrationTest} gives each test a
 * fresh database and a {@link com.lms.migrations.test.MigrationTester} to migrate it, load fixtures
 * and check a migration's {@code up} and {@code down}; {@link
 * com.lms.migrations.test.MigrationDatabaseReset} puts a Spring test context's database back to its
 * freshly migrated state between tests. JUnit Jupiter, spring-test and mongo-java-server are
 * optional dependencies of the starter: a test class path brings them.
 */
@NullMarked
package com.lms.migrations.test;

import org.jspecify.annotations.NullMarked;
