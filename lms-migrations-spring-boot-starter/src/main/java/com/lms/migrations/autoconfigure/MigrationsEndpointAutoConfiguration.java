package com.lms.migrations.autoconfigure;

import com.lms.migrations.MigrationRunner;
import com.lms.migrations.actuate.endpoint.MigrationsEndpoint;
import com.lms.migrations.tenant.TenantInfoSnapshots;
import com.lms.migrations.tenant.TenantMigrations;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.EndpointAccessResolver;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** Adds the {@code migrations} actuator endpoint when the actuator is on the class path. */
@AutoConfiguration(after = MigrationsAutoConfiguration.class)
@ConditionalOnClass({Endpoint.class, ConditionalOnAvailableEndpoint.class})
@ConditionalOnBean(MigrationRunner.class)
@ConditionalOnAvailableEndpoint(MigrationsEndpoint.class)
public final class MigrationsEndpointAutoConfiguration {

  /** Created by Spring Boot's auto-configuration. */
  public MigrationsEndpointAutoConfiguration() {}

  @Bean
  @ConditionalOnMissingBean
  MigrationsEndpoint migrationsEndpoint(
      MigrationRunner runner,
      ObjectProvider<MigrationsProperties> properties,
      ObjectProvider<TenantMigrations> tenants,
      ObjectProvider<TenantInfoSnapshots> snapshots,
      ObjectProvider<EndpointAccessResolver> accessResolver) {
    EndpointAccessResolver resolver = accessResolver.getIfAvailable();
    return new MigrationsEndpoint(
        runner,
        MigrationsAutoConfiguration.targetVersion(
            properties.getIfAvailable(MigrationsProperties::new)),
        tenants.getIfAvailable(),
        // As Spring Boot decides which operations to serve: the endpoint's default is read-only.
        resolver == null ? null : resolver.accessFor(EndpointId.of("migrations"), Access.READ_ONLY),
        snapshots.getIfAvailable());
  }
}
