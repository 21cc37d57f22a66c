package com.lms.migrations.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.RequestPath;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers {@code 503 Service Unavailable}, with {@code Retry-After} and a one-line JSON body, to
 * every request but the open paths (health and migrations endpoints) while the startup migrations
 * run, so that nothing is served from the old schema. A path is open as Spring MVC routes it (the
 * request URI as sent), and only when nothing in it can be read two ways: a dot segment, a path
 * parameter, a doubled or encoded separator or an encoded dot is held.
 */
public class HoldRequestsFilter extends OncePerRequestFilter {

  private final MigrationsInProgress progress;
  private final HeldRequests held;

  /**
   * Creates the filter.
   *
   * @param progress whether requests are held and which migration runs
   * @param openPaths path patterns answered as usual meanwhile
   */
  public HoldRequestsFilter(MigrationsInProgress progress, List<String> openPaths) {
    this.progress = progress;
    this.held = new HeldRequests(openPaths);
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (!progress.isHolding() || isOpen(request)) {
      chain.doFilter(request, response);
      return;
    }
    response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
    response.setHeader(HttpHeaders.RETRY_AFTER, HeldRequests.RETRY_AFTER_SECONDS);
    response.setContentType(MediaType.APPLICATION_JSON_VALUE);
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.getWriter().write(HeldRequests.body(progress));
  }

  /** Whether the path, as Spring MVC routes it (the request URI as sent), is open. */
  private boolean isOpen(HttpServletRequest request) {
    String uri = request.getRequestURI();
    String contextPath = request.getContextPath();
    // A context path the URI does not start with literally was matched some other way: held.
    return uri.startsWith(contextPath) && held.isOpen(RequestPath.parse(uri, contextPath));
  }
}
