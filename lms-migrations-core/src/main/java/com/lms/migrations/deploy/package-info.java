/**
 * Safe deploys: which builds are running ({@link com.lms.migrations.deploy.Instances}), each
 * instance's record ({@link com.lms.migrations.deploy.RunningInstance}) and its heartbeat ({@link
 * com.lms.migrations.deploy.InstancePresence}).
 */
@NullMarked
package com.lms.migrations.deploy;

import org.jspecify.annotations.NullMarked;
