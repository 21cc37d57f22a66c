/**
 * The {@code migrations} health indicator: DOWN while a migration is recorded as failed or startup
 * migrations failed.
 */
@NullMarked
package com.lms.migrations.actuate.health;

import org.jspecify.annotations.NullMarked;
