package io.barterdude.internal.container;

/** What a dispatcher worker holds while it runs tasks, released when it stops. */
@FunctionalInterface
public interface WorkerScope extends AutoCloseable {

  /** A scope that holds nothing. */
  WorkerScope NONE = () -> {};

  @Override
  void close();
}
