package com.lms.migrations.deploy;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One instance of the application that announced itself, as its record says.
 *
 * @param id the instance's id (one per process)
 * @param host its host name
 * @param pid its process id
 * @param application the application's name ({@code spring.application.name}), or {@code null}
 * @param buildVersion the build's version (from its build info), or {@code null} when unknown
 * @param knowsUpTo the highest migration version its build knows
 * @param startedAt when it announced itself
 * @param lastSeen its last heartbeat, on the server's clock
 * @param expiresAt when its record lapses unless renewed: a process that dies stops renewing it
 */
public record RunningInstance(
    String id,
    String host,
    long pid,
    @Nullable String application,
    @Nullable String buildVersion,
    int knowsUpTo,
    Instant startedAt,
    Instant lastSeen,
    Instant expiresAt) {

  /**
   * The instance as a person reads it.
   *
   * @return for example {@code pod-3 (pid 12, orders 1.4.0), build knows up to v7}
   */
  public String describe() {
    StringBuilder text = new StringBuilder(host).append(" (pid ").append(pid);
    if (application != null) {
      text.append(", ").append(application);
    }
    if (buildVersion != null) {
      text.append(application == null ? ", build " : " ").append(buildVersion);
    }
    return text.append("), build knows up to v").append(knowsUpTo).toString();
  }
}
