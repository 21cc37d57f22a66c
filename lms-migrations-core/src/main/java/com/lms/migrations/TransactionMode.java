package com.lms.migrations;

/** Whether each migration and its state change run in one MongoDB transaction. */
public enum TransactionMode {
  /** Use transactions when the server supports them (replica set or sharded cluster). */
  AUTO,
  /** Always use transactions; refuse to run on a server without them. */
  ALWAYS,
  /** Never use transactions. */
  NEVER
}
