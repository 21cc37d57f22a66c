package com.lms.migrations.web;

import java.util.List;
import java.util.Locale;
import org.springframework.http.server.RequestPath;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * What the request-holding filters share: which paths stay open, and the answer to the rest.
 *
 * <p>A path is open only when it matches an open pattern as the application routes it (Spring MVC
 * and WebFlux match the path as sent, not as the servlet container resolves it) and nothing in it
 * can be read two ways: dot segments, path parameters, doubled or encoded separators and encoded
 * dots are resolved differently by servers, filters and routers, so such a path is held whatever it
 * seems to name.
 */
final class HeldRequests {

  /** Seconds a client is asked to wait before trying again. */
  static final String RETRY_AFTER_SECONDS = "5";

  /** Text, in lower case, that makes a path mean different things to different readers. */
  private static final List<String> AMBIGUOUS =
      List.of(";", "//", "\\", "%2e", "%2f", "%5c", "%25");

  private final List<PathPattern> open;

  /**
   * @param openPaths path patterns (such as {@code /actuator/health/**}) answered as usual while
   *     requests are held
   */
  HeldRequests(List<String> openPaths) {
    this.open = openPaths.stream().map(PathPatternParser.defaultInstance::parse).toList();
  }

  /**
   * Whether a request is answered as usual while requests are held.
   *
   * @param path the request's path as sent, with the context path the server matched
   * @return whether it is unambiguous and matches an open path
   */
  boolean isOpen(RequestPath path) {
    return !isAmbiguous(path.value())
        && open.stream().anyMatch(pattern -> pattern.matches(path.pathWithinApplication()));
  }

  /**
   * Whether a path as sent (not decoded) may name one resource to one reader and another to the
   * next.
   */
  private static boolean isAmbiguous(String rawPath) {
    String path = rawPath.toLowerCase(Locale.ROOT);
    if (AMBIGUOUS.stream().anyMatch(path::contains)) {
      return true;
    }
    for (String segment : path.split("/", -1)) {
      if (segment.equals(".") || segment.equals("..")) {
        return true;
      }
    }
    return false;
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
