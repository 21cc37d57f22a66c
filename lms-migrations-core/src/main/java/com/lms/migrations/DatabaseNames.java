package com.lms.migrations;

import java.nio.charset.StandardCharsets;

/** MongoDB's rules for a database name, checked before a name reaches the server. */
public final class DatabaseNames {

  /** The longest name MongoDB accepts, in UTF-8 bytes. */
  public static final int MAX_BYTES = 63;

  /** Refused on every platform MongoDB runs on (Windows refuses the most). */
  private static final String FORBIDDEN = "/\\. \"$*<>:|?";

  /** The prefix of every database the test support creates for a test. */
  public static final String TEST_PREFIX = "lms_test_";

  /** The suffix of the scratch database the command line's {@code verify} makes by default. */
  public static final String VERIFY_SUFFIX = "_lms_verify";

  /**
   * The collection that marks a database the library made for itself (a scratch or test database):
   * proof of ownership, checked before such a database is dropped.
   */
  public static final String SCRATCH_MARKER = "lms_scratch";

  private DatabaseNames() {}

  /**
   * Whether a database is named as one the library makes for itself (verify's scratch database, a
   * test database): such a database is never listed as a tenant, whatever the pattern.
   *
   * @param name the database's name
   * @return {@code true} for a scratch or test database name
   */
  public static boolean isScratch(String name) {
    return name.startsWith(TEST_PREFIX) || name.endsWith(VERIFY_SUFFIX);
  }

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
