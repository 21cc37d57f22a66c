package com.lms.sample.api;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.util.List;
import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A read-only API over the migrated data. */
@RestController
class CourseController {

  private final MongoTemplate mongo;

  CourseController(MongoTemplate mongo) {
    this.mongo = mongo;
  }

  @GetMapping("/api/courses")
  List<Document> courses() {
    return mongo.find(new Query().with(Sort.by("_id")), Document.class, "courses");
  }

  @GetMapping("/api/courses/{id}")
  ResponseEntity<Document> course(@PathVariable String id) {
    Document course = mongo.findOne(query(where("_id").is(id)), Document.class, "courses");
    return course == null ? ResponseEntity.notFound().build() : ResponseEntity.ok(course);
  }

  @GetMapping("/api/enrollments")
  List<Document> enrollments(@RequestParam(required = false) String courseId) {
    Query query = courseId == null ? new Query() : query(where("courseId").is(courseId));
    return mongo.find(query.with(Sort.by("_id")), Document.class, "enrollments");
  }
}
