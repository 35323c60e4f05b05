package io.barterdude.internal.publishing;

import io.barterdude.PublishException;

/**
 * Hears how each send of messages ended (see {@link Publisher#listen}); called on the publishing or
 * the broker's threads, so it must be quick and must not throw.
 */
public interface PublishListener {

  /**
   * The broker confirmed every message of a send.
   *
   * @param messages how many
   * @param nanos from the send to the last confirm
   */
  void confirmed(int messages, long nanos);

  /**
   * The messages of a send were not published.
   *
   * @param messages how many
   * @param reason why
   */
  void failed(int messages, PublishException.Reason reason);
}
