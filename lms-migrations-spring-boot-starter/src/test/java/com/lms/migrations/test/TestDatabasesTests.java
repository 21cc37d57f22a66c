package com.lms.migrations.test;

import static org.assertj.core.api.Assertions.assertThat;

import com.lms.migrations.testing.TestMongo;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Names of the databases the test support creates. */
class TestDatabasesTests {

  @Test
  void namesHoldARandomPartSoThatJvmsWithTheSamePidDoNotCollide() {
    String pid = String.valueOf(ProcessHandle.current().pid());
    try (TestDatabases.Fresh database =
        TestDatabases.create(TestMongo.client(), "the test server", "Some.Test#method")) {

      assertThat(database.name()).matches("lms_test_" + pid + "_\\d+_[0-9a-f]{8}_Some_Test_method");
    }
  }

  @Test
  void namesStayWithinMongosLimitOf63Bytes() {
    String hint = "A".repeat(200);
    try (TestDatabases.Fresh first = TestDatabases.create(TestMongo.client(), "server", hint);
        TestDatabases.Fresh second = TestDatabases.create(TestMongo.client(), "server", hint)) {

      assertThat(first.name().getBytes(StandardCharsets.UTF_8)).hasSize(63);
      assertThat(first.name())
          .matches("lms_test_\\d+_\\d+_[0-9a-f]{8}_A+")
          .isNotEqualTo(second.name());
    }
  }
}
