package com.lms.migrations.actuate.endpoint;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.Access;

/**
 * Whether the {@code migrations} endpoint takes writes, as {@code GET /actuator/migrations} reports
 * it: Spring Boot answers a write it does not allow with {@code 405 Method Not Allowed} and nothing
 * more, so the report says why and which property changes it.
 *
 * @param allowed whether rollbacks, applies, marks and background controls ({@code POST}) are
 *     served
 * @param hint how to allow them, or null when they are allowed
 */
public record WriteAccess(boolean allowed, @Nullable String hint) {

  /**
   * The report for the access Spring Boot resolved for the endpoint.
   *
   * @param access the endpoint's access ({@code management.endpoint.migrations.access}, capped by
   *     {@code management.endpoints.access.max-permitted})
   * @return whether writes are allowed, with the hint when they are not
   */
  static WriteAccess of(Access access) {
    if (access == Access.UNRESTRICTED) {
      return new WriteAccess(true, null);
    }
    return new WriteAccess(
        false,
        "Writes are off: POST answers 405 Method Not Allowed. Secure the actuator, then set"
            + " management.endpoint.migrations.access=unrestricted (within"
            + " management.endpoints.access.max-permitted, if set)");
  }
}
