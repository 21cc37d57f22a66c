package com.lms.migrations;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

/** Who a runner is, as recorded in the lock and the history. */
record RunnerIdentity(String owner, String host, long pid) {

  static RunnerIdentity ofThisProcess() {
    return new RunnerIdentity(
        UUID.randomUUID().toString(), hostName(), ProcessHandle.current().pid());
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
    return "host " + host + ", pid " + pid + ", owner " + owner;
  }
}
