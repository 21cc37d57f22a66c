package com.lms.sample;

import com.lms.migrations.testing.TestMongo;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mongodb.MongoDBContainer;

/** The same end-to-end checks against a real mongod (replica set); skipped without Docker. */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = "lms.sample.demo-data=true")
class SampleAppContainerEndToEndTests extends AbstractSampleAppEndToEndTests {

  @Container @ServiceConnection
  static final MongoDBContainer mongo = new MongoDBContainer(TestMongo.image());
}
