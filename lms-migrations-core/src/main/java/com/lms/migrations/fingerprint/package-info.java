/**
 * The fingerprint of a migration's code: {@link com.lms.migrations.fingerprint.CodeFingerprint},
 * computed from its compiled class and the classes nested in it, normalised so that formatting,
 * comments, debug information and a new compiler do not change it ({@link
 * com.lms.migrations.fingerprint.MigrationFingerprints}).
 */
@NullMarked
package com.lms.migrations.fingerprint;

import org.jspecify.annotations.NullMarked;
