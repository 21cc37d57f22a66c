package com.lms.migrations.test.slice;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The application whose package the slice tests scan: two migration components, one plain class.
 */
@SpringBootApplication
class SliceTestApplication {}
