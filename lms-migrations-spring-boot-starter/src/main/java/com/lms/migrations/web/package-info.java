/** Holds web requests while the startup migrations run, for servlet and reactive applications. */
@NullMarked
package com.lms.migrations.web;

import org.jspecify.annotations.NullMarked;
