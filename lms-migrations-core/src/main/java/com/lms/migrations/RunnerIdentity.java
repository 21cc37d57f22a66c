package com.lms.migrations;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

/**
 * Who a runner is, as recorded in the lock and the history: an owner id of its own, on this
 * process's host and pid. The host and pid are looked up once per process, when first recorded, so
 * that a runner that finds nothing to do never pays for the lookups.
 *
 * @param owner the id that owns a lock or a running mark
 */
record RunnerIdentity(String owner) {

  static RunnerIdentity ofThisProcess() {
    return new RunnerIdentity(UUID.randomUUID().toString());
  }

  /** This machine's name. */
  String host() {
    return ThisProcess.HOST;
  }

  /** This process's id. */
  long pid() {
    return ThisProcess.PID;
  }

  /** This machine's name: {@code HOSTNAME} when set (containers), else the local host's name. */
  static String hostName() {
    String fromEnvironment = System.getenv("HOSTNAME");
    if (fromEnvironment != null && !fromEnvironment.isBlank()) {
      return fromEnvironment;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "unknown";
    }
  }

  String describe() {
    return "host " + host() + ", pid " + pid() + ", owner " + owner;
  }

  /** Initialised on first use only (the class is loaded then). */
  private static final class ThisProcess {
    static final String HOST = hostName();
    static final long PID = ProcessHandle.current().pid();
  }
}
