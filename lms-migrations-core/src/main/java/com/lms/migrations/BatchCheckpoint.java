package com.lms.migrations;

/** How far a batch job got: the last written {@code _id} and the documents processed so far. */
record BatchCheckpoint(Object lastId, long processed) {}
