package com.lms.migrations.cli;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * In command-line mode ({@code lms.migrations.command} set), starts no web server and prints no
 * banner: the application only runs the command and exits. Console logging goes to stderr, so that
 * stdout carries only the command's report (see {@link CommandConsole}). This runs before Spring
 * Boot initializes logging.
 */
class CommandModeEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

  /**
   * Right after the configuration files are read, before other post-processors, so that their
   * failures are reported on stderr too.
   */
  static final int ORDER = ConfigDataEnvironmentPostProcessor.ORDER + 1;

  @Override
  public int getOrder() {
    return ORDER;
  }

  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    String command = environment.getProperty("lms.migrations.command");
    if (command != null && !command.isBlank()) {
      CommandConsole.sendConsoleOutputToStderr();
      environment
          .getPropertySources()
          .addFirst(
              new MapPropertySource(
                  "lmsMigrationsCommandMode",
                  Map.of(
                      "spring.main.web-application-type", "none",
                      "spring.main.banner-mode", "off")));
    }
  }
}
