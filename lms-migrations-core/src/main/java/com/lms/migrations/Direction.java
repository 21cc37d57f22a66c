package com.lms.migrations;

/** Which way a migration is run. */
public enum Direction {
  /** Apply: {@link Migration#up}. */
  UP,
  /** Roll back: {@link Migration#down}. */
  DOWN
}
