/** The sample's nine migrations, from the old course and enrollment format to the current one. */
@NullMarked
package com.lms.sample.migrations;

import org.jspecify.annotations.NullMarked;
