package com.lms.sample.local;

import com.mongodb.ConnectionString;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The README's local-development recipe: an in-memory MongoDB (mongo-java-server) for tests and
 * {@code spring-boot:test-run}, with no Docker.
 */
// tag::in-memory-mongo[]
@TestConfiguration(proxyBeanMethods = false)
public class InMemoryMongo {

  @Bean(destroyMethod = "shutdown")
  MongoServer inMemoryMongoServer() {
    MongoServer server = new MongoServer(new MemoryBackend());
    server.bind("127.0.0.1", 0);
    return server;
  }

  @Bean
  MongoConnectionDetails inMemoryMongoConnectionDetails(MongoServer server) {
    ConnectionString uri =
        new ConnectionString("mongodb://127.0.0.1:" + server.getLocalAddress().getPort() + "/app");
    return () -> uri;
  }
}
// end::in-memory-mongo[]
