package com.lms.migrations.batch;

import org.bson.BsonValue;

/**
 * How far a batch job got: the last written {@code _id}, kept as raw BSON so that any id type
 * (including UUIDs under any representation) round-trips exactly, and the documents processed and
 * the writes sent so far, in every run of the job.
 *
 * @param lastId the {@code _id} of the last document written
 * @param processed documents processed so far
 * @param written writes sent so far
 */
public record BatchCheckpoint(BsonValue lastId, long processed, long written) {}
