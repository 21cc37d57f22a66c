/** The embedded MongoDB the sample runs on when no MongoDB is configured. */
@NullMarked
package com.lms.sample.embedded;

import org.jspecify.annotations.NullMarked;
