package com.lms.migrations.test;

import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.springframework.util.ClassUtils;

/**
 * The server of {@code @MigrationTest} outside a Spring test, once per test run: the one named by
 * {@code MONGODB_URI}, or else an in-memory mongo-java-server.
 *
 * @param client a client of the server
 * @param description what the server is, for messages
 * @param embedded stops the in-memory server, or {@code null}
 */
record StandaloneMongo(MongoClient client, String description, @Nullable Runnable embedded)
    implements AutoCloseable {

  /** The environment variable naming a server. */
  static final String URI_VARIABLE = "MONGODB_URI";

  private static final String EMBEDDED_SERVER = "de.bwaldvogel.mongo.backend.memory.MemoryBackend";

  /**
   * Connects to the server the environment names, or starts an in-memory one.
   *
   * @param environment reads an environment variable, {@code System::getenv} outside tests
   * @param classLoader where to look for mongo-java-server
   * @return the server
   * @throws IllegalStateException when neither is available
   */
  static StandaloneMongo start(
      UnaryOperator<@Nullable String> environment, ClassLoader classLoader) {
    String uri = environment.apply(URI_VARIABLE);
    if (uri != null && !uri.isBlank()) {
      ConnectionString connection = new ConnectionString(uri);
      return new StandaloneMongo(
          MongoClients.create(connection),
          "the server named by "
              + URI_VARIABLE
              + " ("
              + String.join(",", connection.getHosts())
              + ")",
          null);
    }
    if (ClassUtils.isPresent(EMBEDDED_SERVER, classLoader)) {
      return Embedded.start();
    }
    throw new IllegalStateException(
        "@MigrationTest found no MongoDB to create test databases on. Add"
            + " de.bwaldvogel:mongo-java-server as a test dependency (an in-memory server), set "
            + URI_VARIABLE
            + " to a server's connection string, or use @MigrationTest on a Spring test whose"
            + " context has a MongoClient (for example a Testcontainers container with"
            + " @ServiceConnection).");
  }

  /** Closes the client and stops the in-memory server. */
  @Override
  public void close() {
    client.close();
    if (embedded != null) {
      embedded.run();
    }
  }

  /** Touches mongo-java-server only when it is on the class path. */
  private static final class Embedded {

    static StandaloneMongo start() {
      MongoServer server = new MongoServer(new MemoryBackend());
      server.bind("127.0.0.1", 0);
      String address = "127.0.0.1:" + server.getLocalAddress().getPort();
      return new StandaloneMongo(
          MongoClients.create("mongodb://" + address),
          "the in-memory mongo-java-server on " + address,
          server::shutdownNow);
    }
  }
}
