package com.lms.sample.demo;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.annotation.Conditional;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * Loads a realistic LMS data set in the old format (before any migration) into an empty database,
 * once, before migrations run: enrollment statuses {@code enrolled}/{@code finished}, credits as
 * strings (one of them not a number), {@code description} fields. Deterministic, so every first
 * start looks the same.
 */
@Component
@Conditional(OnDemoDataWanted.class)
public class DemoDataLoader implements SmartInitializingSingleton {

  /** Number of courses loaded. */
  public static final int COURSES = 24;

  /** Learners enrolled in each course. */
  public static final int ENROLLMENTS_PER_COURSE = 15;

  /** The course whose credits are not a number. */
  public static final String BAD_CREDITS_COURSE = "course-013";

  private static final Logger log = LoggerFactory.getLogger(DemoDataLoader.class);

  private static final String[][] DEPARTMENTS = {
    {"CS", "Computer Science"}, {"MATH", "Mathematics"}, {"BIO", "Biology"}, {"HIST", "History"}
  };
  private static final String[] TOPICS = {
    "Introduction to", "Advanced", "Applied", "Foundations of", "Seminar in", "History of"
  };
  private static final String[] SUBJECTS = {
    "Algorithms",
    "Statistics",
    "Genetics",
    "Databases",
    "Ecology",
    "Cryptography",
    "Empires",
    "Calculus"
  };
  private static final String[] CREDITS = {"3", "4", "2", "1.5", "6"};

  private final MongoTemplate mongo;

  /**
   * Creates the loader.
   *
   * @param mongo the application's template
   */
  public DemoDataLoader(MongoTemplate mongo) {
    this.mongo = mongo;
  }

  @Override
  public void afterSingletonsInstantiated() {
    if (mongo.collectionExists("lms_migrations") || mongo.count(new Query(), "courses") > 0) {
      log.debug("Database already has data; demo data not loaded");
      return;
    }
    Random random = new Random(42);
    mongo.insert(departments(), "departments");
    List<Document> courses = courses(random);
    mongo.insert(courses, "courses");
    List<Document> enrollments = enrollments(random, courses);
    mongo.insert(enrollments, "enrollments");
    mongo.insert(
        new Document("_id", "course:read")
            .append("description", "Read courses")
            .append("createdBy", "admin"),
        "permissions");
    log.info(
        "Loaded demo data in the old format: {} departments, {} courses, {} enrollments",
        DEPARTMENTS.length,
        courses.size(),
        enrollments.size());
  }

  private static List<Document> departments() {
    List<Document> departments = new ArrayList<>();
    for (String[] department : DEPARTMENTS) {
      departments.add(
          new Document("_id", "dep-" + department[0].toLowerCase())
              .append("code", department[0])
              .append("name", department[1]));
    }
    return departments;
  }

  private static List<Document> courses(Random random) {
    List<Document> courses = new ArrayList<>();
    for (int i = 1; i <= COURSES; i++) {
      String id = String.format("course-%03d", i);
      String title =
          TOPICS[random.nextInt(TOPICS.length)] + " " + SUBJECTS[random.nextInt(SUBJECTS.length)];
      Document course =
          new Document("_id", id)
              .append("title", title)
              .append("description", "An LMS course: " + title.toLowerCase() + ".")
              .append("department", DEPARTMENTS[i % DEPARTMENTS.length][0])
              .append("status", i % 7 == 0 ? "draft" : i % 11 == 0 ? "archived" : "published");
      if (id.equals(BAD_CREDITS_COURSE)) {
        course.append("credits", "three");
      } else if (i == 20) {
        course.append("credits", 5);
      } else {
        course.append("credits", CREDITS[random.nextInt(CREDITS.length)]);
      }
      if (i == 1) {
        course.append("tags", List.of("intro", "popular"));
      }
      courses.add(course);
    }
    return courses;
  }

  private static List<Document> enrollments(Random random, List<Document> courses) {
    List<Document> enrollments = new ArrayList<>();
    Instant start = Instant.parse("2025-09-01T08:00:00Z");
    int sequence = 0;
    for (Document course : courses) {
      Set<Integer> learners = new LinkedHashSet<>();
      while (learners.size() < ENROLLMENTS_PER_COURSE) {
        learners.add(1 + random.nextInt(120));
      }
      for (int learner : learners) {
        int roll = random.nextInt(10);
        String status = roll < 5 ? "enrolled" : roll < 9 ? "finished" : "dropped";
        enrollments.add(
            new Document("_id", String.format("enr-%04d", ++sequence))
                .append("courseId", course.getString("_id"))
                .append("learnerId", String.format("learner-%03d", learner))
                .append("status", status)
                .append("enrolledAt", Date.from(start.plus(random.nextInt(300), ChronoUnit.DAYS))));
      }
    }
    return enrollments;
  }
}
