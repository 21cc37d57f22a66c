package com.lms.migrations.cli;

/**
 * The {@code verify} command refused its scratch database because dropping it afterwards could
 * destroy data: it is the application's database, or it already holds collections. Exit code 1.
 */
final class ScratchDatabaseRefusedException extends RuntimeException {

  ScratchDatabaseRefusedException(String message) {
    super(message);
  }
}
