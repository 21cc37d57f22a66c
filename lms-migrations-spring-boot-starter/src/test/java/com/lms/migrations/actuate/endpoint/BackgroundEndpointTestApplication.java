package com.lms.migrations.actuate.endpoint;

import com.lms.migrations.Migration;
import com.lms.migrations.testing.Backfill;
import com.lms.migrations.testing.TestMigration;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * A secured web application with a regular migration, a background migration over {@code items} and
 * a regular migration that requires the background one.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class BackgroundEndpointTestApplication {

  /** What {@code backfill_level} does with each document before transforming it. */
  static volatile Backfill.Check check = item -> {};

  @Bean
  SecurityFilterChain actuatorSecurity(HttpSecurity http) throws Exception {
    return http.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
        .httpBasic(Customizer.withDefaults())
        .csrf(csrf -> csrf.disable())
        .build();
  }

  @Bean
  UserDetailsService users() {
    return new InMemoryUserDetailsManager(
        User.withUsername("alice").password("{noop}secret").roles("OPS").build());
  }

  @Bean
  Migration addIndex() {
    return TestMigration.recording("add_index", 1);
  }

  @Bean
  Migration backfillLevel() {
    return Backfill.migration("backfill_level", 2, item -> check.check(item));
  }

  @Bean
  Migration requireLevel() {
    return TestMigration.recording("require_level", 3).requiring("backfill_level");
  }
}
