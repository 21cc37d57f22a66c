/**
 * The sample learning-management service, run with {@code ./mvnw -pl sample-app -am
 * spring-boot:run}.
 */
@NullMarked
package com.lms.sample;

import org.jspecify.annotations.NullMarked;
