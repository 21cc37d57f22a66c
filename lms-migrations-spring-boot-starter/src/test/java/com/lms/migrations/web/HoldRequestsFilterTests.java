package com.lms.migrations.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** Which servlet requests are held: by the path the application would see. */
class HoldRequestsFilterTests {

  private final MigrationsInProgress progress = new MigrationsInProgress(() -> true);
  private final HoldRequestsFilter filter =
      new HoldRequestsFilter(
          progress, List.of("/api/manage/hc", "/api/manage/hc/**", "/api/manage/migrations"));

  @Test
  void holdsAPathThatOnlyLooksLikeAnOpenOne() throws Exception {
    assertThat(status("/shop", "/api/manage/hc/../../courses/c1")).isEqualTo(503);
    assertThat(status("/shop", "/api/manage/hc/%2e%2e/%2e%2e/courses/c1")).isEqualTo(503);
  }

  @Test
  void holdsAPathThatResolvesToAnOpenOneButIsRoutedElsewhere() throws Exception {
    // Spring MVC routes the URI as sent: these reach /files/**, not the health endpoint.
    assertThat(status("/shop", "/files/x/../../api/manage/hc")).isEqualTo(503);
    assertThat(status("/shop", "/files/x/..;/..;/api/manage/hc")).isEqualTo(503);
    assertThat(status("/shop", "/files/x/%2E%2E/%2E%2E/api/manage/hc")).isEqualTo(503);
  }

  @Test
  void holdsAnOpenPathWrittenAmbiguously() throws Exception {
    assertThat(status("/shop", "/api/manage/hc;jsessionid=1")).isEqualTo(503);
    assertThat(status("/shop", "//api/manage/hc")).isEqualTo(503);
    assertThat(status("/shop", "/api/manage%2fhc")).isEqualTo(503);
    assertThat(status("/shop", "/api/manage/./hc")).isEqualTo(503);
    assertThat(status("/shop", "/api/manage/hc\\readiness")).isEqualTo(503);
    assertThat(status("/shop", "/api/manage/%2568c")).isEqualTo(503);
  }

  @Test
  void letsTheOpenPathsThroughUnderTheContextPath() throws Exception {
    assertThat(status("/shop", "/api/manage/hc")).isEqualTo(200);
    assertThat(status("/shop", "/api/manage/hc/readiness")).isEqualTo(200);
    assertThat(status("", "/api/manage/migrations")).isEqualTo(200);
  }

  @Test
  void holdsTheRest() throws Exception {
    assertThat(status("/shop", "/api/courses")).isEqualTo(503);
    assertThat(status("/shop", "/manage/hc")).as("not where the actuator is").isEqualTo(503);
  }

  @Test
  void letsEverythingThroughOnceStartupHasFinished() throws Exception {
    AtomicBoolean holding = new AtomicBoolean(false);
    HoldRequestsFilter finished =
        new HoldRequestsFilter(new MigrationsInProgress(holding::get), List.of());
    MockHttpServletResponse response = new MockHttpServletResponse();

    finished.doFilter(request("", "/api/courses"), response, new MockFilterChain());

    assertThat(response.getStatus()).isEqualTo(200);
  }

  private int status(String contextPath, String path) throws Exception {
    MockHttpServletResponse response = new MockHttpServletResponse();
    filter.doFilter(request(contextPath, path), response, new MockFilterChain());
    return response.getStatus();
  }

  private static MockHttpServletRequest request(String contextPath, String path) {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", contextPath + path);
    request.setContextPath(contextPath);
    return request;
  }
}
