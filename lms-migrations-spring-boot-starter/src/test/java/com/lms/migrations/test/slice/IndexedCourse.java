package com.lms.migrations.test.slice;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * An entity with an index, which {@code spring.data.mongodb.auto-index-creation=true} creates (and
 * so its collection) when the {@code MongoTemplate} is built, before any migration bean exists.
 *
 * @param id the id
 * @param code an indexed field
 */
@Document("indexed_courses")
record IndexedCourse(@Id String id, @Indexed String code) {}
