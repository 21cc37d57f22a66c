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
import org.springframework.util.StringUtils;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UrlPathHelper;

/**
 * Answers {@code 503 Service Unavailable}, with {@code Retry-After} and a one-line JSON body, to
 * every request but the open paths (health and migrations endpoints) while the startup migrations
 * run, so that nothing is served from the old schema.
 */
public class HoldRequestsFilter extends OncePerRequestFilter {

  private static final UrlPathHelper PATHS = new UrlPathHelper();

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
    // Decoded and with "." and ".." resolved, as the application will see it.
    String path = StringUtils.cleanPath(PATHS.getPathWithinApplication(request));
    if (!progress.isHolding() || held.isOpen(path)) {
      chain.doFilter(request, response);
      return;
    }
    response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
    response.setHeader(HttpHeaders.RETRY_AFTER, HeldRequests.RETRY_AFTER_SECONDS);
    response.setContentType(MediaType.APPLICATION_JSON_VALUE);
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.getWriter().write(HeldRequests.body(progress));
  }
}
