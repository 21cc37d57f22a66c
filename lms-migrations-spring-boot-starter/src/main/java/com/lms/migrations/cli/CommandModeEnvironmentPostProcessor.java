package com.lms.migrations.cli;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * In command-line mode ({@code lms.migrations.command} set), starts no web server and prints no
 * banner: the application only runs the command and exits.
 */
class CommandModeEnvironmentPostProcessor implements EnvironmentPostProcessor {

  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    String command = environment.getProperty("lms.migrations.command");
    if (command != null && !command.isBlank()) {
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
