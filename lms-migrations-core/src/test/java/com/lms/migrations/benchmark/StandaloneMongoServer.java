package com.lms.migrations.benchmark;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/**
 * The embedded MongoDB server in a process of its own, so that the benchmark's heap measurements do
 * not include the server's storage. Prints {@code PORT=<port>} and runs until killed.
 */
public final class StandaloneMongoServer {

  private StandaloneMongoServer() {}

  public static void main(String[] args) throws InterruptedException {
    MongoServer server = new MongoServer(new MemoryBackend());
    server.bind("127.0.0.1", 0);
    System.out.println("PORT=" + server.getLocalAddress().getPort());
    System.out.flush();
    Thread.currentThread().join();
  }
}
