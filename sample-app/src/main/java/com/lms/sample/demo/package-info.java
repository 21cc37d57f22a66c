/** Demo data in the old format, loaded into an empty database before the migrations run. */
@NullMarked
package com.lms.sample.demo;

import org.jspecify.annotations.NullMarked;
