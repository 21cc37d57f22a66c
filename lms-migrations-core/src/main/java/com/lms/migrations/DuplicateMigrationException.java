package com.lms.migrations;

/**
 * Two registered migrations share a name or a version. Both are available, so that a caller that
 * can read the history (the Spring Boot starter at startup) can tell which one to change.
 */
public class DuplicateMigrationException extends MigrationException {

  private final transient Migration registered;
  private final transient Migration duplicate;

  DuplicateMigrationException(String message, Migration registered, Migration duplicate) {
    super(ErrorCode.DUPLICATE_MIGRATION, message);
    this.registered = registered;
    this.duplicate = duplicate;
  }

  /**
   * The migration that was registered first.
   *
   * @return the migration
   */
  public Migration getRegistered() {
    return registered;
  }

  /**
   * The migration whose registration was refused.
   *
   * @return the migration
   */
  public Migration getDuplicate() {
    return duplicate;
  }

  /**
   * Whether the two share a name (otherwise they share a version).
   *
   * @return {@code true} for the same name
   */
  public boolean isSameName() {
    return registered.name().equals(duplicate.name());
  }
}
