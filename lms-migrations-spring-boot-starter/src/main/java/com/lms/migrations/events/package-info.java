/** Spring application events published as migrations run. */
@NullMarked
package com.lms.migrations.events;

import org.jspecify.annotations.NullMarked;
