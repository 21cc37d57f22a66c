/**
 * Checking the registered migrations against the recorded history before anything runs: the
 * findings, the policy that tolerates some of them, and the exception that stops a run.
 */
@NullMarked
package com.lms.migrations.validation;

import org.jspecify.annotations.NullMarked;
