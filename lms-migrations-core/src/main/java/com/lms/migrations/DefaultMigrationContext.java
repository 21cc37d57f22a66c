package com.lms.migrations;

import org.springframework.data.mongodb.core.MongoTemplate;

/** The context handed to a running migration. */
record DefaultMigrationContext(MongoTemplate mongoTemplate, MigrationLogger log)
    implements MigrationContext {}
