package com.lms.migrations;

/**
 * This runner's lock lease ran out while it was working (for example during a long pause) and
 * another instance may have taken over. It stopped without recording anything more; the migration
 * it was running is reported as interrupted by the next run.
 */
public class MigrationLeaseLostException extends MigrationException {

  MigrationLeaseLostException(String what) {
    super(
        ErrorCode.LEASE_LOST,
        names ->
            "Lost the migration lock "
                + what
                + ": another instance may have taken over, so this instance stopped without"
                + " recording anything more. The next run reports the interrupted migration and"
                + " runs it again; if this happens often, raise the lease time ("
                + names.setting("lock.leaseTime")
                + ").");
  }
}
