package com.lms.sample.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.lms.migrations.testing.JavaProcess;
import com.lms.sample.SampleApplication;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command run while another process (the running sample app, played by this test JVM) holds the
 * embedded data files: one clear message, no stack trace.
 */
class EmbeddedDataInUseTests {

  @Test
  void aCommandWhileTheDataFilesAreInUseFailsWithOneClearMessage(@TempDir Path dataDir)
      throws Exception {
    H2Backend runningApp = new H2Backend(dataDir.resolve("lms.mv").toAbsolutePath().toString());
    try (JavaProcess command =
        JavaProcess.start(
            SampleApplication.class,
            "--lms.migrations.command=status",
            "--lms.sample.data-dir=" + dataDir,
            "--management.health.mongodb.enabled=false")) {
      int exitCode = command.waitFor(120);

      assertThat(exitCode).as(command.output()).isNotZero();
      assertThat(command.output())
          .contains(
              "The embedded MongoDB data files in "
                  + dataDir
                  + " are in use by another process (is the sample app running? stop it first)")
          .doesNotContain("\tat ");
    } finally {
      runningApp.close();
    }
  }

  @Test
  void createNeedsNoDatabaseSoItWorksWhileTheAppIsRunning(
      @TempDir Path dataDir, @TempDir Path sources) throws Exception {
    H2Backend runningApp = new H2Backend(dataDir.resolve("lms.mv").toAbsolutePath().toString());
    try (JavaProcess command =
        JavaProcess.start(
            SampleApplication.class,
            "--lms.migrations.command=create",
            "--lms.migrations.name=add_course_level",
            "--lms.migrations.create.directory=" + sources,
            "--lms.sample.data-dir=" + dataDir)) {
      int exitCode = command.waitFor(120);

      assertThat(exitCode).as(command.output()).isZero();
      Path created = sources.resolve("com/lms/sample/migrations/AddCourseLevel.java");
      assertThat(command.output()).contains("Created " + created + " (version 10)");
      assertThat(created).exists();
    } finally {
      runningApp.close();
    }
  }
}
