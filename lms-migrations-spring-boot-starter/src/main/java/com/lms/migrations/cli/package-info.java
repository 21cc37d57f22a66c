/**
 * The command-line mode: one migration command ({@code lms.migrations.command}) run instead of the
 * application.
 */
@NullMarked
package com.lms.migrations.cli;

import org.jspecify.annotations.NullMarked;
