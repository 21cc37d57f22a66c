/**
 * The MongoDB connection migrations run against: the template marked {@link
 * com.lms.migrations.connection.MigrationsMongoTemplate}, or the starter's own {@link
 * com.lms.migrations.connection.MigrationsMongoClient} in a reactive application.
 */
@NullMarked
package com.lms.migrations.connection;

import org.jspecify.annotations.NullMarked;
