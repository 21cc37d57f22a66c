package com.lms.migrations;

import org.bson.BsonValue;

/**
 * How far a batch job got: the last written {@code _id}, kept as raw BSON so that any id type
 * (including UUIDs under any representation) round-trips exactly, and the documents processed and
 * the writes sent so far, in every run of the job.
 */
record BatchCheckpoint(BsonValue lastId, long processed, long written) {}
