package com.lms.migrations;

/**
 * A database (or tenant) name that MongoDB would refuse: empty, longer than 63 bytes, or holding
 * one of {@code / \ . " $ * < > : | ?}, a space or a null character.
 */
public class InvalidDatabaseNameException extends IllegalArgumentException {

  /** The name that was refused. */
  private final String databaseName;

  InvalidDatabaseNameException(String databaseName, String reason) {
    super(
        "'"
            + databaseName
            + "' is not a valid MongoDB database name: "
            + reason
            + ". A database name has at most 63 bytes and none of / \\ . \" $ * < > : | ?, spaces"
            + " or null characters.");
    this.databaseName = databaseName;
  }

  /**
   * The name that was refused.
   *
   * @return the name
   */
  public String getDatabaseName() {
    return databaseName;
  }
}
