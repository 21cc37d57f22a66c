package com.lms.migrations.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.lms.migrations.testing.MongoDatabaseExtension;
import com.lms.migrations.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command run in its own JVM, with stdout and stderr read separately, as a script would: stdout
 * carries only the report, the logs go to stderr.
 */
@ExtendWith(MongoDatabaseExtension.class)
class CommandOutputStreamsTests {

  @TempDir Path dir;

  @Test
  void stdoutCarriesOnlyTheReportAndTheLogsGoToStderr(TestDatabase db) throws Exception {
    Result result =
        run(
            "--lms.migrations.command=migrate",
            "--spring.mongodb.uri=" + db.uri(),
            "--logging.config=" + bootConsoleLogging());

    assertThat(result.exitCode()).as(result.stderr()).isZero();
    List<String> lines = result.stdout().lines().toList();
    assertThat(lines).as(result.stdout()).hasSize(4);
    assertThat(lines.get(0)).startsWith("VERSION  NAME          STATUS     EXECUTED AT");
    assertThat(lines.get(1)).matches("      1  seed_courses  completed  \\S+Z\\s+\\d+ ms");
    assertThat(lines.get(3)).isEqualTo("Applied 2 migrations. Current version: 2, pending: 0");
    assertThat(result.stderr())
        .contains("INFO")
        .contains("Started CommandTestMain")
        .contains("Applied 2 migrations in")
        .contains("schema now at version 2");
  }

  @Test
  void anErrorGoesToStderrAndStdoutStaysEmpty(TestDatabase db) throws Exception {
    Result result =
        run(
            "--lms.migrations.command=rollback",
            "--lms.migrations.name=nope",
            "--spring.mongodb.uri=" + db.uri());

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.stdout()).isEmpty();
    assertThat(result.stderr()).contains("Error: No migration named 'nope' is registered");
  }

  /**
   * Spring Boot's own console appender, as an application without a logging file gets it. Also
   * given to Logback directly, so that it does not warn, on stdout, about the two {@code
   * logback-test.xml} files of the test class path before the application starts.
   */
  private Path bootConsoleLogging() throws IOException {
    Path logging = dir.resolve("logback-boot-console.xml");
    Files.writeString(
        logging,
        """
        <configuration>
          <include resource="org/springframework/boot/logging/logback/defaults.xml"/>
          <include resource="org/springframework/boot/logging/logback/console-appender.xml"/>
          <root level="INFO"><appender-ref ref="CONSOLE"/></root>
        </configuration>
        """);
    return logging;
  }

  private Result run(String... arguments) throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>();
    command.addAll(
        List.of(
            java,
            "-Xmx256m",
            "-XX:TieredStopAtLevel=1",
            "-Dlogback.configurationFile=" + bootConsoleLogging(),
            "-cp",
            classPath()));
    command.add(CommandTestMain.class.getName());
    command.add("--management.health.mongodb.enabled=false");
    command.addAll(List.of(arguments));
    Path stdout = dir.resolve("stdout.txt");
    Path stderr = dir.resolve("stderr.txt");
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile())
            .start();
    try {
      assertThat(process.waitFor(120, TimeUnit.SECONDS))
          .as("the command finished within 120 s")
          .isTrue();
      return new Result(process.exitValue(), Files.readString(stdout), Files.readString(stderr));
    } finally {
      process.destroyForcibly();
    }
  }

  private static String classPath() {
    return System.getProperty("java.class.path");
  }

  private record Result(int exitCode, String stdout, String stderr) {}
}
