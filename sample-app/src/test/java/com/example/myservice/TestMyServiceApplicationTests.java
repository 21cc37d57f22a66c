package com.example.myservice;

import static org.assertj.core.api.Assertions.assertThat;

import com.lms.migrations.MigrationRunner;
import com.lms.migrations.MigrationState;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.web.client.RestClient;

/**
 * The README's local main starts a service on the in-memory server: the migrations are applied
 * there, and health is UP although mongo-java-server does not answer Boot's MongoDB health check.
 */
class TestMyServiceApplicationTests {

  @Test
  void theLocalMainRunsTheServiceOnTheInMemoryServerAndHealthIsUp() {
    String port = System.setProperty("server.port", "0");
    try {
      TestMyServiceApplication.main(new String[0]);
    } finally {
      restore("server.port", port);
    }

    try (ConfigurableApplicationContext context = MyServiceApplication.takeStarted()) {
      assertThat(context.getBean(MongoTemplate.class).getDb().getName()).isEqualTo("app");
      assertThat(context.getBean(MigrationRunner.class).getStatus("add_course_tags"))
          .hasValueSatisfying(s -> assertThat(s.status()).isEqualTo(MigrationState.COMPLETED));
      Map<?, ?> health =
          RestClient.create()
              .get()
              .uri(
                  "http://localhost:"
                      + context.getEnvironment().getProperty("local.server.port")
                      + "/actuator/health")
              .retrieve()
              .body(Map.class);
      assertThat(health.get("status")).isEqualTo("UP");
    }
  }

  private static void restore(String name, String value) {
    if (value == null) {
      System.clearProperty(name);
    } else {
      System.setProperty(name, value);
    }
  }
}
