/**
 * A database per tenant: {@link com.lms.migrations.tenant.MigrationTenants} lists the databases,
 * {@link com.lms.migrations.tenant.TenantMigrations} migrates each with its own history and lock,
 * several at once, and reports each tenant's outcome. Built on the public API of {@link
 * com.lms.migrations} only.
 */
@NullMarked
package com.lms.migrations.tenant;

import org.jspecify.annotations.NullMarked;
