/** Auto-configuration that Spring Boot's test slices import: {@code @DataMongoTest} migrations. */
@NullMarked
package com.lms.migrations.test.autoconfigure;

import org.jspecify.annotations.NullMarked;
