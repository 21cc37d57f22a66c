package com.lms.migrations.cli;

import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * In command-line mode ({@code lms.migrations.command} set), starts no web server and prints no
 * banner: the application only runs the command and exits. Its beans are created lazily, so that
 * only the command and what it needs (the migrations and what they inject) are created, unless
 * {@code spring.main.lazy-initialization} is set. Console logging goes to stderr, so that stdout
 * carries only the command's report (see {@link CommandConsole}). This runs before Spring Boot
 * initializes logging.
 */
class CommandModeEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

  /**
   * Right after the configuration files are read, before other post-processors, so that their
   * failures are reported on stderr too.
   */
  static final int ORDER = ConfigDataEnvironmentPostProcessor.ORDER + 1;

  private static final String LAZY_INITIALIZATION = "spring.main.lazy-initialization";

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
      Map<String, Object> commandMode = new HashMap<>();
      commandMode.put("spring.main.web-application-type", "none");
      commandMode.put("spring.main.banner-mode", "off");
      if (!environment.containsProperty(LAZY_INITIALIZATION)) {
        commandMode.put(LAZY_INITIALIZATION, "true");
      }
      environment
          .getPropertySources()
          .addFirst(new MapPropertySource("lmsMigrationsCommandMode", commandMode));
    }
  }
}
