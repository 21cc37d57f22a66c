package com.lms.migrations.web;

import java.util.List;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/** What the request-holding filters share: which paths stay open, and the answer to the rest. */
final class HeldRequests {

  /** Seconds a client is asked to wait before trying again. */
  static final String RETRY_AFTER_SECONDS = "5";

  private final List<PathPattern> open;

  /**
   * @param openPaths path patterns (such as {@code /actuator/health/**}) answered as usual while
   *     requests are held
   */
  HeldRequests(List<String> openPaths) {
    this.open = openPaths.stream().map(PathPatternParser.defaultInstance::parse).toList();
  }

  boolean isOpen(String path) {
    PathContainer container = PathContainer.parsePath(path);
    return open.stream().anyMatch(pattern -> pattern.matches(container));
  }

  /** The one-line JSON body of a held request. */
  static String body(MigrationsInProgress progress) {
    String running =
        progress
            .currentMigration()
            .map(name -> "Migrations are running (now: " + name + ")")
            .orElse("Migrations are running");
    return "{\"status\":503,\"message\":\"" + running + "; try again shortly\"}";
  }
}
