/**
 * Spring Boot auto-configuration of lms-migrations: the runner, startup migrations, and their
 * properties.
 */
@NullMarked
package com.lms.migrations.autoconfigure;

import org.jspecify.annotations.NullMarked;
