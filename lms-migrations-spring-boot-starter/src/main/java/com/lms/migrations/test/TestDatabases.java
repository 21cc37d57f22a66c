package com.lms.migrations.test;

import com.lms.migrations.DatabaseNames;
import com.mongodb.client.MongoClient;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Databases that the test support creates, named {@code lms_test_<pid>_<counter>_<8 random hex
 * digits>_<hint>} (at most 63 bytes): no other test of this JVM, nor another JVM with the same pid,
 * uses the name.
 */
final class TestDatabases {

  /** Prefix of every database the test support creates. */
  static final String PREFIX = DatabaseNames.TEST_PREFIX;

  /** MongoDB's limit on a database name, in bytes; every character of a name here is ASCII. */
  private static final int MAX_NAME_LENGTH = 63;

  private static final AtomicInteger created = new AtomicInteger();

  private TestDatabases() {}

  /**
   * Creates a database for a test: a new name, checked to hold nothing.
   *
   * @param client the server's client
   * @param server what the server is, for messages
   * @param hint a readable part of the name, such as the test's class and method
   * @return the database, dropped by {@link Fresh#close()}
   * @throws IllegalStateException when a database of that name already holds collections
   */
  static Fresh create(MongoClient client, String server, String hint) {
    String readable = hint.replaceAll("[^A-Za-z0-9]", "_");
    // The random part keeps JVMs apart that share a pid (containers of a CI run often do).
    String random = UUID.randomUUID().toString().substring(0, 8);
    String name =
        PREFIX
            + ProcessHandle.current().pid()
            + "_"
            + created.incrementAndGet()
            + "_"
            + random
            + "_";
    name += readable.substring(0, Math.min(readable.length(), MAX_NAME_LENGTH - name.length()));
    return claim(client, server, name);
  }

  /**
   * Takes a database for a test, when it holds nothing.
   *
   * @param client the server's client
   * @param server what the server is, for messages
   * @param name the database's name
   * @return the database, dropped by {@link Fresh#close()}
   * @throws IllegalStateException when the database already holds collections
   */
  static Fresh claim(MongoClient client, String server, String name) {
    if (client.getDatabase(name).listCollectionNames().first() != null) {
      throw new IllegalStateException(
          "Database '"
              + name
              + "' on "
              + server
              + " already holds collections, so it was not created for this test and is left"
              + " alone. Drop it if an earlier test run left it behind.");
    }
    return new Fresh(client, server, name);
  }

  /**
   * A database created for a test.
   *
   * @param client the server's client
   * @param server what the server is, for messages
   * @param name the database's name
   */
  record Fresh(MongoClient client, String server, String name) implements AutoCloseable {

    /**
     * Another database on the same server, for example a scratch copy.
     *
     * @param hint a readable part of the name
     * @return the database
     */
    Fresh sibling(String hint) {
      return create(client, server, hint);
    }

    /** Drops the database. */
    @Override
    public void close() {
      client.getDatabase(name).drop();
    }
  }
}
