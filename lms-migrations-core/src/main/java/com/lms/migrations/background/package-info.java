/**
 * Background migrations: long migrations a worker applies while the application serves traffic,
 * their progress, and the operator's controls (pause, resume, throttle, rollback).
 */
@NullMarked
package com.lms.migrations.background;

import org.jspecify.annotations.NullMarked;
