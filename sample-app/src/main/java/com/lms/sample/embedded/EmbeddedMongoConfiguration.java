package com.lms.sample.embedded;

import com.mongodb.ConnectionString;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bson.Document;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aot.AotDetector;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * With no MongoDB configured, runs an embedded MongoDB wire-protocol server ({@code
 * mongo-java-server}) on a loopback port, storing its data in an H2 file so that it survives
 * restarts. Boot's own Mongo health check needs the {@code hello} command, which this server does
 * not implement, so a {@code ping}-based indicator replaces it.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(OnNoMongoConfigured.class)
class EmbeddedMongoConfiguration {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedMongoConfiguration.class);

  @Bean(destroyMethod = "shutdown")
  MongoServer embeddedMongoServer(
      @Value("${lms.sample.data-dir:./data}") Path dataDir, Environment environment)
      throws IOException {
    if (AotDetector.useGeneratedArtifacts() && !EmbeddedMongo.isUsed(environment)) {
      // Under AOT, this configuration's condition was evaluated when the app was built.
      throw new IllegalStateException(
          "This sample app was AOT-processed without spring.mongodb.uri, so with"
              + " -Dspring.aot.enabled=true it always uses its embedded MongoDB; spring.mongodb.uri"
              + " (or host) is set and would be ignored. Start it without"
              + " -Dspring.aot.enabled=true to use that server.");
    }
    Files.createDirectories(dataDir);
    Path file = dataDir.resolve(EmbeddedDataCheck.DATA_FILE).toAbsolutePath();
    MongoServer server = new MongoServer(openBackend(dataDir, file));
    server.bind("127.0.0.1", 0);
    InetSocketAddress address = server.getLocalAddress();
    log.info(
        "Started embedded MongoDB on 127.0.0.1:{} with data in {} (set spring.mongodb.uri to use"
            + " a real server)",
        address.getPort(),
        file);
    return server;
  }

  private static H2Backend openBackend(Path dataDir, Path file) {
    try {
      return new H2Backend(file.toString());
    } catch (MVStoreException e) {
      // Taken by another process since EmbeddedDataCheck looked.
      if (e.getErrorCode() == DataUtils.ERROR_FILE_LOCKED) {
        throw new EmbeddedDataInUseException(dataDir, e);
      }
      throw e;
    }
  }

  @Bean
  MongoConnectionDetails embeddedMongoConnectionDetails(MongoServer server) {
    ConnectionString connectionString =
        new ConnectionString("mongodb://127.0.0.1:" + server.getLocalAddress().getPort() + "/lms");
    return () -> connectionString;
  }

  @Bean
  HealthIndicator mongoHealthIndicator(MongoTemplate mongoTemplate) {
    return () -> {
      Document pong = mongoTemplate.executeCommand(new Document("ping", 1));
      return Health.up()
          .withDetail("server", "embedded mongo-java-server (H2 file)")
          .withDetail("ok", pong.get("ok"))
          .build();
    };
  }
}
