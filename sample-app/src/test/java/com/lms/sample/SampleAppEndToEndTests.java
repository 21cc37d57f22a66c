package com.lms.sample;

import com.lms.migrations.testing.TestMongo;
import org.junit.jupiter.api.AfterAll;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** End to end against the embedded test server (or {@code MONGODB_URI}). */
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {"lms.sample.demo-data=true", "management.health.mongodb.enabled=false"})
class SampleAppEndToEndTests extends AbstractSampleAppEndToEndTests {

  private static final String DATABASE = TestMongo.newDatabaseName("sample_e2e");

  @DynamicPropertySource
  static void mongo(DynamicPropertyRegistry registry) {
    registry.add("spring.mongodb.uri", () -> TestMongo.uri(DATABASE));
  }

  @AfterAll
  static void drop() {
    TestMongo.client().getDatabase(DATABASE).drop();
  }
}
