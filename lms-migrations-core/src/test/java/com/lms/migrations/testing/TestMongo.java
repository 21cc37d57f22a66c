package com.lms.migrations.testing;

import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The MongoDB server the tests talk to, once per JVM:
 *
 * <ul>
 *   <li>the one named by the {@code MONGODB_URI} environment variable when it is set;
 *   <li>else, with {@code -Dlms.test.mongodb=testcontainers}, a real {@code mongod} started by
 *       Testcontainers (needs Docker): a single-node replica set, or a standalone server with
 *       {@code -Dlms.test.mongodb.topology=standalone};
 *   <li>else an in-memory wire-protocol server ({@code mongo-java-server}) on a random loopback
 *       port.
 * </ul>
 *
 * Tests always go through the real driver. Every Testcontainers {@code mongod}, this one and those
 * of the container test classes, runs {@link #image()}.
 */
public final class TestMongo {

  /** The environment variable that points the suite at a real server. */
  public static final String URI_VARIABLE = "MONGODB_URI";

  /** The system property that selects a Testcontainers {@code mongod}. */
  public static final String SERVER_PROPERTY = "lms.test.mongodb";

  /** The system property choosing {@code replica-set} (the default) or {@code standalone}. */
  public static final String TOPOLOGY_PROPERTY = "lms.test.mongodb.topology";

  /** A single-node replica set: transactions work. */
  public static final String REPLICA_SET = "replica-set";

  /** A standalone server: no transactions. */
  public static final String STANDALONE = "standalone";

  /** The system property naming the Docker image of every Testcontainers {@code mongod}. */
  public static final String IMAGE_PROPERTY = "lms.test.mongodb.image";

  /** The image used when {@link #IMAGE_PROPERTY} is not set. */
  public static final String DEFAULT_IMAGE = "mongo:7.0";

  private static final AtomicInteger databases = new AtomicInteger();

  private TestMongo() {}

  /**
   * The server's connection string, without a database.
   *
   * @return for example {@code mongodb://127.0.0.1:41234}
   */
  public static String serverUri() {
    return Server.INSTANCE.uri;
  }

  /**
   * Whether the tests run against the embedded server (not a real {@code mongod}).
   *
   * @return {@code true} unless {@code MONGODB_URI} is set
   */
  public static boolean isEmbedded() {
    return Server.INSTANCE.embedded != null;
  }

  /**
   * The Docker image for a Testcontainers {@code mongod}.
   *
   * @return {@code -Dlms.test.mongodb.image}, else {@value #DEFAULT_IMAGE}
   */
  public static String image() {
    String image = System.getProperty(IMAGE_PROPERTY);
    return image == null || image.isBlank() ? DEFAULT_IMAGE : image.strip();
  }

  /**
   * A client shared by all tests of this JVM.
   *
   * @return the client
   */
  public static MongoClient client() {
    return Server.INSTANCE.client;
  }

  /**
   * Drops every database on the test server whose name starts with the prefix: the databases of a
   * test that made several (tenants, say).
   *
   * @param prefix the names' common start
   */
  public static void dropDatabasesStartingWith(String prefix) {
    for (String name : client().listDatabaseNames()) {
      if (name.startsWith(prefix)) {
        client().getDatabase(name).drop();
      }
    }
  }

  /**
   * A database name no other test in this JVM uses.
   *
   * @param hint a readable part, such as the test class's simple name
   * @return a fresh name
   */
  public static String newDatabaseName(String hint) {
    String readable = hint.replaceAll("[^A-Za-z0-9]", "_");
    if (readable.length() > 32) {
      readable = readable.substring(0, 32);
    }
    // A random part: CI containers sharing a MONGODB_URI server often share a pid too.
    String random = java.util.UUID.randomUUID().toString().substring(0, 8);
    return "t"
        + ProcessHandle.current().pid()
        + "_"
        + databases.incrementAndGet()
        + "_"
        + random
        + "_"
        + readable;
  }

  /**
   * A connection string for a database on the test server.
   *
   * @param database the database name
   * @return the connection string
   */
  public static String uri(String database) {
    ConnectionString server = new ConnectionString(serverUri());
    String hosts = String.join(",", server.getHosts());
    String credentials =
        server.getUsername() == null
            ? ""
            : server.getUsername() + ":" + new String(server.getPassword()) + "@";
    String raw = server.getConnectionString();
    int query = raw.indexOf('?');
    String options = query < 0 ? "" : raw.substring(query);
    String scheme = raw.startsWith("mongodb+srv://") ? "mongodb+srv://" : "mongodb://";
    return scheme + credentials + hosts + "/" + database + options;
  }

  private static final class Server {

    static final Server INSTANCE = new Server();

    final MongoServer embedded;
    final String uri;
    final MongoClient client;

    private Server() {
      String external = System.getenv(URI_VARIABLE);
      if (external != null && !external.isBlank()) {
        embedded = null;
        uri = external;
      } else if ("testcontainers".equals(System.getProperty(SERVER_PROPERTY))) {
        org.testcontainers.mongodb.MongoDBContainer container =
            new org.testcontainers.mongodb.MongoDBContainer(image());
        String topology = System.getProperty(TOPOLOGY_PROPERTY, REPLICA_SET);
        switch (topology) {
          case REPLICA_SET -> container.withReplicaSet();
          case STANDALONE -> {}
          default ->
              throw new IllegalStateException(
                  "-D"
                      + TOPOLOGY_PROPERTY
                      + "="
                      + topology
                      + " is not a topology: use "
                      + REPLICA_SET
                      + " or "
                      + STANDALONE);
        }
        container.start();
        embedded = null;
        uri = container.getConnectionString();
      } else {
        embedded = new MongoServer(new MemoryBackend());
        embedded.bind("127.0.0.1", 0);
        InetSocketAddress address = embedded.getLocalAddress();
        uri = "mongodb://127.0.0.1:" + address.getPort();
      }
      client = MongoClients.create(uri);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    client.close();
                    if (embedded != null) {
                      embedded.shutdownNow();
                    }
                  },
                  "test-mongo-shutdown"));
    }
  }
}
