package com.lms.migrations.cli;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/** Runs {@link CommandTestApplication} as a real process would: the exit code ends the JVM. */
public final class CommandTestMain {

  private CommandTestMain() {}

  public static void main(String[] args) {
    try (ConfigurableApplicationContext context =
        SpringApplication.run(CommandTestApplication.class, args)) {
      // The command ran while the context started.
    }
    System.exit(CommandTestApplication.exitCode.get());
  }
}
