package com.lms.migrations;

import java.time.Instant;

/**
 * The runner that holds the migration lock.
 *
 * @param owner the holder's unique runner id
 * @param host the holder's host name
 * @param pid the holder's process id
 * @param since when it took the lock (database server time)
 * @param expiresAt when the lock expires unless renewed (database server time)
 */
public record LockHolder(String owner, String host, long pid, Instant since, Instant expiresAt) {

  /**
   * Whether the holder is a runner in this very process (same host and process id).
   *
   * @return {@code true} for this process
   */
  public boolean isThisProcess() {
    return pid == ProcessHandle.current().pid() && host.equals(RunnerIdentity.hostName());
  }

  @Override
  public String toString() {
    return "owner "
        + owner
        + " on host "
        + host
        + " (pid "
        + pid
        + "), holding it since "
        + since
        + ", expiring at "
        + expiresAt;
  }
}
