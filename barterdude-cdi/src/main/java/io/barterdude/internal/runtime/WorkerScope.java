package io.barterdude.internal.runtime;

/** What a dispatcher worker holds while it runs tasks, released when it stops. */
@FunctionalInterface
interface WorkerScope extends AutoCloseable {

  /** A scope that holds nothing. */
  WorkerScope NONE = () -> {};

  @Override
  void close();
}
