package com.lms.migrations;

import java.nio.charset.StandardCharsets;

/** MongoDB's rules for a database name, checked before a name reaches the server. */
public final class DatabaseNames {

  /** The longest name MongoDB accepts, in UTF-8 bytes. */
  public static final int MAX_BYTES = 63;

  /** Refused on every platform MongoDB runs on (Windows refuses the most). */
  private static final String FORBIDDEN = "/\\. \"$*<>:|?";

  private DatabaseNames() {}

  /**
   * Checks a database name.
   *
   * @param name the name
   * @return the name
   * @throws InvalidDatabaseNameException when MongoDB would refuse it
   */
  public static String requireValid(String name) {
    if (name == null || name.isEmpty()) {
      throw new InvalidDatabaseNameException(String.valueOf(name), "it is empty");
    }
    if (name.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
      throw new InvalidDatabaseNameException(name, "it is longer than " + MAX_BYTES + " bytes");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '\0' || FORBIDDEN.indexOf(c) >= 0) {
        throw new InvalidDatabaseNameException(
            name, "it contains '" + (c == '\0' ? "\\0" : String.valueOf(c)) + "'");
      }
    }
    return name;
  }
}
