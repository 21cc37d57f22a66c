package com.lms.migrations.connection;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.beans.factory.annotation.Qualifier;

/**
 * Marks the {@code MongoTemplate} bean migrations run against, when it is not the application's
 * (another server, other credentials). Its database holds the history and the lock, unless {@code
 * lms.migrations.database} names another one on the same connection.
 *
 * <pre>{@code
 * @Bean
 * @MigrationsMongoTemplate
 * MongoTemplate migrationsTemplate() {
 *   return new MongoTemplate(MongoClients.create(adminUri), "lms");
 * }
 * }</pre>
 *
 * Defining a {@code MongoTemplate} makes Spring Boot back off from its own: define the
 * application's template too, marked {@code @Primary}.
 */
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Qualifier
public @interface MigrationsMongoTemplate {}
