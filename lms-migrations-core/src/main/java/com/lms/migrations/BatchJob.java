package com.lms.migrations;

import com.lms.migrations.BatchCheckpointStore.JobKey;
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
import java.util.function.LongSupplier;
import org.bson.BsonDocument;
import org.bson.BsonDocumentReader;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.configuration.CodecRegistry;
import org.bson.conversions.Bson;
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
  private Bson filter = new BsonDocument();
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
   * Streams only the documents matching a Spring Data query's criteria.
   *
   * @param query the query (only its criteria are used)
   * @return this job
   */
  public BatchJob filter(Query query) {
    return filter(query.getQueryObject());
  }

  /**
   * Streams only the documents matching a filter, such as {@code Filters.exists("tags", false)}.
   *
   * @param filter the filter
   * @return this job
   */
  public BatchJob filter(Bson filter) {
    this.filter = Objects.requireNonNull(filter, "filter must not be null");
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
          "progress interval must not be negative but was " + interval);
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
   * Runs the job.
   *
   * @param transformer turns each document into writes
   * @return what it did
   * @throws BatchWriteException when the server refuses a write, naming the document
   * @throws Exception what the transformer throws
   */
  public BatchResult run(DocumentTransformer transformer) throws Exception {
    Objects.requireNonNull(transformer, "transformer must not be null");
    LongSupplier nanoTime = environment.nanoTime();
    long start = nanoTime.getAsLong();
    JobKey key = environment.jobKey(name);
    String job = environment.migrationName() + "/" + key;
    MongoCollection<Document> source = environment.database().getCollection(collection);
    BsonIds ids = new BsonIds(source.getCodecRegistry());
    Optional<BatchCheckpoint> checkpoint = environment.checkpoints().load(key);
    BsonValue resumedAfter = checkpoint.map(BatchCheckpoint::lastId).orElse(null);
    long processed = checkpoint.map(BatchCheckpoint::processed).orElse(0L);
    Bson effectiveFilter =
        checkpoint.isPresent() ? Filters.and(filter, IdOrder.after(resumedAfter)) : filter;
    if (checkpoint.isPresent()) {
      environment
          .log()
          .info(
              "{}: resuming after _id {} ({} documents already processed)",
              job,
              ids.toJava(resumedAfter),
              processed);
    }
    Long total = countFirst ? processed + source.countDocuments(effectiveFilter) : null;
    BatchProgress progress =
        new BatchProgress(environment.log(), job, total, progressInterval, nanoTime, processed);
    Throttle throttle = new Throttle(maxPerSecond, nanoTime, environment.sleeper());
    Batch batch = new Batch(environment.database().getCollection(target), job);
    long processedThisRun = 0;
    try (MongoCursor<Document> cursor =
        source
            .find(effectiveFilter)
            .projection(projection)
            .sort(Sorts.ascending("_id"))
            .batchSize(batchSize)
            .iterator()) {
      Object lastId = null;
      while (cursor.hasNext()) {
        Document document = cursor.next();
        lastId = document.get("_id");
        batch.add(lastId, transformer.transform(document));
        processed++;
        processedThisRun++;
        if (batch.documents >= batchSize || batch.writes.size() >= batchSize) {
          environment.checkpoints().ensureOwned();
          batch.flush(ids.toJava(resumedAfter));
          resumedAfter = ids.toBson(lastId);
          environment.checkpoints().save(key, new BatchCheckpoint(resumedAfter, processed));
          throttle.pace(processedThisRun);
          progress.batchWritten(processed);
        }
      }
      if (batch.documents > 0) {
        environment.checkpoints().ensureOwned();
        batch.flush(ids.toJava(resumedAfter));
        environment.checkpoints().save(key, new BatchCheckpoint(ids.toBson(lastId), processed));
      }
    }
    progress.finished(processed, batch.written);
    return new BatchResult(
        processed,
        batch.written,
        checkpoint.map(c -> ids.toJava(c.lastId())).orElse(null),
        Duration.ofNanos(nanoTime.getAsLong() - start));
  }

  /**
   * Converts ids between the Java values the collection's documents hold and raw BSON, with the
   * collection's own codecs: a UUID, for example, is encoded with the client's UUID representation.
   */
  private record BsonIds(CodecRegistry codecs) {

    BsonValue toBson(Object id) {
      return new Document("_id", id).toBsonDocument(BsonDocument.class, codecs).get("_id");
    }

    Object toJava(BsonValue id) {
      if (id == null) {
        return null;
      }
      return codecs
          .get(Document.class)
          .decode(
              new BsonDocumentReader(new BsonDocument("_id", id)), DecoderContext.builder().build())
          .get("_id");
    }
  }

  /** The writes of the documents read since the last flush. */
  private static final class Batch {

    private final MongoCollection<Document> target;
    private final String job;
    private final List<WriteModel<Document>> writes = new ArrayList<>();
    private final List<Object> sources = new ArrayList<>();
    private int documents;
    private long written;

    Batch(MongoCollection<Document> target, String job) {
      this.target = target;
      this.job = job;
    }

    void add(Object id, List<? extends WriteModel<Document>> documentWrites) {
      documents++;
      if (documentWrites == null) {
        return;
      }
      for (WriteModel<Document> write : documentWrites) {
        writes.add(write);
        sources.add(id);
      }
    }

    void flush(Object checkpoint) {
      if (!writes.isEmpty()) {
        try {
          target.bulkWrite(writes, new BulkWriteOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
          throw BatchWriteException.of(job, e, sources::get, checkpoint);
        }
        written += writes.size();
      }
      writes.clear();
      sources.clear();
      documents = 0;
    }
  }
}
