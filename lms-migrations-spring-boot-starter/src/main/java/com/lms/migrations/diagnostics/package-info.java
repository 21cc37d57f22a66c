/**
 * What the starter reports when something is wrong: failure analyzers with the property or call
 * that fixes each failure, and warnings about unknown properties and backed-off configuration.
 */
@NullMarked
package com.lms.migrations.diagnostics;

import org.jspecify.annotations.NullMarked;
