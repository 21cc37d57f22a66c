package com.lms.migrations.batch;

import com.lms.migrations.DurationText;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.WriteModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.LongSupplier;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.jspecify.annotations.Nullable;
import org.springframework.data.mongodb.core.query.Query;

/**
 * Streams a collection through one cursor (sorted by {@code _id}), turns each document into writes
 * and sends them as unordered bulk writes, a batch at a time. Memory stays flat whatever the
 * collection's size. After each batch the last written {@code _id} is checkpointed in the
 * migration's status, so a run that dies resumes after it instead of starting over.
 *
 * <pre>{@code
 * ctx.batch("courses")
 *     .filter(query(where("tags").exists(false)))
 *     .run(course -> List.of(new UpdateOneModel<>(
 *         Filters.eq("_id", course.get("_id")), Updates.set("tags", List.of()))));
 * }</pre>
 *
 * <p>Batches are committed one by one and never take part in the migration's transaction: that is
 * what makes them resumable. Write the transformation so that a batch may be sent twice.
 */
public final class BatchJob {

  /** The default number of documents per bulk write. */
  public static final int DEFAULT_BATCH_SIZE = 1000;

  /** The default time between progress lines. */
  public static final Duration DEFAULT_PROGRESS_INTERVAL = Duration.ofSeconds(10);

  private final String collection;
  private final BatchEnvironment environment;
  private BatchFilter filter = BatchFilter.ALL;
  private Bson projection;
  private String target;
  private String name;
  private int batchSize = DEFAULT_BATCH_SIZE;
  private long maxPerSecond;
  private Duration progressInterval = DEFAULT_PROGRESS_INTERVAL;
  private boolean countFirst = true;

  BatchJob(String collection, BatchEnvironment environment) {
    this.collection = Objects.requireNonNull(collection, "collection must not be null");
    this.environment = environment;
    this.target = collection;
    this.name = collection;
  }

  /**
   * Streams only the documents matching a Spring Data query's criteria, mapped as {@code
   * MongoTemplate} maps them for a collection without an entity class: a string {@code _id} that is
   * a valid ObjectId is sent as that ObjectId, values go through the application's converters.
   *
   * @param query the query (only its criteria are used)
   * @return this job
   */
  public BatchJob filter(Query query) {
    Objects.requireNonNull(query, "query must not be null");
    this.filter = BatchFilter.mapped(query, null, environment.converter());
    return this;
  }

  /**
   * Streams only the documents matching a Spring Data query's criteria, mapped as {@code
   * MongoTemplate} maps them for an entity class: property names become field names ({@code id}
   * becomes {@code _id}), ids and values are converted as the entity stores them.
   *
   * @param query the query (only its criteria are used)
   * @param entityClass the class the collection's documents are mapped to
   * @return this job
   */
  public BatchJob filter(Query query, Class<?> entityClass) {
    Objects.requireNonNull(query, "query must not be null");
    Objects.requireNonNull(entityClass, "entityClass must not be null");
    this.filter = BatchFilter.mapped(query, entityClass, environment.converter());
    return this;
  }

  /**
   * Streams only the documents matching a filter, such as {@code Filters.exists("tags", false)},
   * sent as it is.
   *
   * @param filter the filter
   * @return this job
   */
  public BatchJob filter(Bson filter) {
    this.filter = BatchFilter.of(Objects.requireNonNull(filter, "filter must not be null"));
    return this;
  }

  /**
   * Reads only these fields (and {@code _id}).
   *
   * @param fields field names
   * @return this job
   */
  public BatchJob include(String... fields) {
    this.projection = Projections.include(fields);
    return this;
  }

  /**
   * Sends the writes to another collection (default: the streamed one).
   *
   * @param collection the collection the writes go to
   * @return this job
   */
  public BatchJob into(String collection) {
    this.target = Objects.requireNonNull(collection, "collection must not be null");
    return this;
  }

  /**
   * Names the job's checkpoint, for migrations that stream the same collection twice (default: the
   * collection's name).
   *
   * @param name the name
   * @return this job
   */
  public BatchJob named(String name) {
    this.name = Objects.requireNonNull(name, "name must not be null");
    return this;
  }

  /**
   * Sets how many documents go into one bulk write (default 1000).
   *
   * @param batchSize documents per batch, at least 1
   * @return this job
   */
  public BatchJob batchSize(int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1 but was " + batchSize);
    }
    this.batchSize = batchSize;
    return this;
  }

  /**
   * Limits the rate, so that a backfill does not starve production traffic (default: no limit).
   *
   * @param maxDocumentsPerSecond the most documents per second, or 0 for no limit
   * @return this job
   */
  public BatchJob throttle(long maxDocumentsPerSecond) {
    if (maxDocumentsPerSecond < 0) {
      throw new IllegalArgumentException(
          "max documents per second must not be negative but was " + maxDocumentsPerSecond);
    }
    this.maxPerSecond = maxDocumentsPerSecond;
    return this;
  }

  /**
   * Sets how often progress is logged (default every 10 s).
   *
   * @param interval the time between progress lines
   * @return this job
   */
  public BatchJob progressEvery(Duration interval) {
    if (interval == null || interval.isNegative()) {
      throw new IllegalArgumentException(
          "progress interval must not be negative but was " + DurationText.of(interval));
    }
    this.progressInterval = interval;
    return this;
  }

  /**
   * Skips counting the matching documents up front; progress lines then show no ETA.
   *
   * @return this job
   */
  public BatchJob skipCount() {
    this.countFirst = false;
    return this;
  }

  /**
   * Runs the job: streams the documents and sends the writes the transformer returns.
   *
   * @param transformer turns each document into writes
   * @return what it did
   * @throws BatchWriteException when the server refuses a write, naming the document
   * @throws BatchTransformException when the transformer throws, naming the document
   */
  public BatchResult run(DocumentTransformer transformer) {
    Objects.requireNonNull(transformer, "transformer must not be null");
    JobStart start = start();
    MongoCollection<Document> source = environment.database().getCollection(collection);
    MongoCollection<Document> destination = environment.database().getCollection(target);
    Bson effectiveFilter = start.remaining(filter.bson());
    Batch batch = new Batch();
    long processed = start.processed();
    Progress progress = new Progress(start);
    try (BatchWriter writer = new BatchWriter();
        MongoCursor<Document> cursor =
            source
                .find(effectiveFilter)
                .projection(projection)
                .sort(Sorts.ascending("_id"))
                .batchSize(batchSize)
                .iterator()) {
      while (cursor.hasNext()) {
        Document document = cursor.next();
        batch.add(document.get("_id"), transform(transformer, document, start));
        processed++;
        if (batch.documents >= batchSize || batch.writes.size() >= batchSize) {
          // The batch before is written first: its failure, or a pause, stops the job here.
          progress.written(writer.await());
          writer.submit(write(batch, destination, processed, start, progress));
          batch = new Batch();
        }
      }
      progress.written(writer.await());
      if (batch.documents > 0) {
        writer.submit(write(batch, destination, processed, start, progress));
        progress.written(writer.await());
      }
    }
    return reported(start.finish(processed, progress.writes), start);
  }

  /** Warns when the filter matched no document, in this run or an earlier one of the job. */
  private BatchResult reported(BatchResult result, JobStart start) {
    filter.warnIfNothingMatched(
        result.processed(), start.job(), environment.log(), start.ids().codecs());
    return result;
  }

  /**
   * Writes a batch, checkpoints it and reports its progress, on the writer's thread (the run's
   * controls may stop the run there, between two batches). The batch before it has been written,
   * checkpointed and counted in {@code progress} by now.
   */
  private Callable<BatchWriter.Written> write(
      Batch batch,
      MongoCollection<Document> destination,
      long processed,
      JobStart start,
      Progress progress) {
    Object before = start.ids().toJava(progress.checkpoint);
    BsonValue last = start.ids().toBson(batch.lastId);
    progress.checkpoint = last;
    long writtenBefore = start.written() + progress.writes;
    return () -> {
      environment.checkpoints().ensureOwned();
      long writes = batch.flush(destination, start.job(), before);
      environment
          .checkpoints()
          .save(start.key(), new BatchCheckpoint(last, processed, writtenBefore + writes));
      start.progress().batchWritten(processed);
      start.batchDone(processed);
      return new BatchWriter.Written(writes, processed);
    };
  }

  /** What a streaming job has written so far, as seen from its reading thread, which it paces. */
  private static final class Progress {
    private final JobStart start;
    private @Nullable BsonValue checkpoint;
    private long writes;

    Progress(JobStart start) {
      this.start = start;
      this.checkpoint = start.resumedAfter();
    }

    /** Counts a batch that has been written and checkpointed, and paces the job after it. */
    void written(BatchWriter.@Nullable Written batch) {
      if (batch == null) {
        return;
      }
      writes += batch.writes();
      start.throttle().pace(batch.processed() - start.processed());
    }
  }

  /**
   * Updates the matching documents on the server, a chunk of {@link #batchSize} documents at a time
   * in {@code _id} order, with checkpoints, throttle and progress as {@link #run} has. No document
   * travels to the client, so this is close to one {@code updateMany} in speed while it can be
   * resumed and throttled.
   *
   * <pre>{@code
   * ctx.batch("enrollments")
   *     .filter(Filters.exists("level", false))
   *     .update(Updates.set("level", "beginner"));
   * }</pre>
   *
   * <p>A chunk that a crash interrupted runs again on resume: write the filter so that a document
   * already updated no longer matches it (as above), and each document is changed once.
   *
   * @param update an update document, such as {@code Updates.set("level", "beginner")}
   * @return what it did: {@code processed} counts the matched documents in every run of the job,
   *     {@code written} those of this run
   * @throws BatchWriteException when the server refuses a chunk's update
   */
  public BatchResult update(Bson update) {
    Objects.requireNonNull(update, "update must not be null");
    return chunked(new ChunkedServerWrite.UpdateDocument(update));
  }

  /**
   * Like {@link #update(Bson)}, with an update written as an aggregation pipeline, which can
   * compute a field from others ({@code [{$set: {fullName: {$concat: ["$first", " ",
   * "$last"]}}}]}). Needs MongoDB 4.2 or later.
   *
   * @param pipeline the pipeline's stages
   * @return what it did
   * @throws UnsupportedOperationException when the server has no pipeline updates (the embedded
   *     mongo-java-server has none), saying so
   * @throws BatchWriteException when the server refuses a chunk's update
   */
  public BatchResult update(List<? extends Bson> pipeline) {
    Objects.requireNonNull(pipeline, "pipeline must not be null");
    if (pipeline.isEmpty()) {
      throw new IllegalArgumentException("pipeline must have at least one stage");
    }
    return chunked(new ChunkedServerWrite.UpdatePipeline(List.copyOf(pipeline)));
  }

  /**
   * Deletes the matching documents on the server, a chunk at a time, with checkpoints, throttle and
   * progress as {@link #update(Bson)} has.
   *
   * @return what it did: {@code processed} counts the deleted documents in every run of the job,
   *     {@code written} those of this run
   * @throws BatchWriteException when the server refuses a chunk's delete
   */
  public BatchResult delete() {
    return chunked(new ChunkedServerWrite.Delete());
  }

  private BatchResult chunked(ChunkedServerWrite.Operation operation) {
    if (!target.equals(collection)) {
      throw new IllegalStateException(
          "Batch job '"
              + name
              + "': into(\""
              + target
              + "\") only applies to run(transformer); a server-side "
              + operation.describe()
              + " changes the collection it reads");
    }
    if (projection != null) {
      throw new IllegalStateException(
          "Batch job '"
              + name
              + "': include(...) only applies to run(transformer); a server-side "
              + operation.describe()
              + " reads no document");
    }
    MongoCollection<BsonDocument> documents =
        environment.database().getCollection(collection, BsonDocument.class);
    JobStart start = start();
    return reported(
        new ChunkedServerWrite(start, documents, filter.bson(), batchSize, operation).run(), start);
  }

  private static List<? extends WriteModel<Document>> transform(
      DocumentTransformer transformer, Document document, JobStart start) {
    try {
      return transformer.transform(document);
    } catch (Exception e) {
      throw new BatchTransformException(
          start.job(), start.ids().toJava(start.ids().toBson(document.get("_id"))), e);
    }
  }

  /** Loads the job's checkpoint and sets up its progress lines and throttle. */
  private JobStart start() {
    LongSupplier nanoTime = System::nanoTime;
    long startedAt = nanoTime.getAsLong();
    JobKey key = environment.jobKey(name);
    String job = environment.migrationName() + "/" + key;
    BsonIds ids = new BsonIds(environment.database().getCollection(collection).getCodecRegistry());
    Optional<BatchCheckpoint> checkpoint = environment.checkpoints().load(key);
    BsonValue resumedAfter = checkpoint.map(BatchCheckpoint::lastId).orElse(null);
    long processed = checkpoint.map(BatchCheckpoint::processed).orElse(0L);
    long written = checkpoint.map(BatchCheckpoint::written).orElse(0L);
    if (checkpoint.isPresent()) {
      environment
          .log()
          .info(
              "{}: resuming after _id {} ({} documents already processed)",
              job,
              ids.toJava(resumedAfter),
              processed);
    }
    Long total =
        countFirst
            ? processed
                + environment
                    .database()
                    .getCollection(collection)
                    .countDocuments(remaining(filter.bson(), resumedAfter))
            : null;
    BatchProgress progress =
        new BatchProgress(environment.log(), job, total, progressInterval, nanoTime, processed);
    BatchControl control = environment.control();
    Throttle throttle =
        new Throttle(() -> control.maxPerSecond(maxPerSecond), nanoTime, Throttle.THREAD_SLEEP);
    JobStart start =
        new JobStart(
            key,
            job,
            ids,
            resumedAfter,
            processed,
            written,
            total,
            progress,
            throttle,
            environment,
            nanoTime,
            startedAt);
    start.batchDone(processed); // shows the total before the first batch, or stops a paused run
    return start;
  }

  static Bson remaining(Bson filter, @Nullable BsonValue after) {
    return after == null ? filter : Filters.and(filter, IdOrder.after(after));
  }

  /** The writes of the documents read since the last batch was handed to the writer. */
  private static final class Batch {

    private final List<WriteModel<Document>> writes = new ArrayList<>();
    private final List<Object> sources = new ArrayList<>();
    private int documents;
    private Object lastId;

    void add(Object id, List<? extends WriteModel<Document>> documentWrites) {
      documents++;
      lastId = id;
      if (documentWrites == null) {
        return;
      }
      for (WriteModel<Document> write : documentWrites) {
        writes.add(write);
        sources.add(id);
      }
    }

    /** Sends the writes; returns how many. */
    long flush(MongoCollection<Document> target, String job, Object checkpoint) {
      if (writes.isEmpty()) {
        return 0;
      }
      try {
        target.bulkWrite(writes, new BulkWriteOptions().ordered(false));
      } catch (MongoBulkWriteException e) {
        throw BatchWriteException.of(job, e, sources::get, checkpoint);
      }
      return writes.size();
    }
  }
}
