package io.barterdude.arquillian.app;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * What the application saw, in order: every hook call, CDI event and handler run of the test
 * application, each tagged with the message it was about, so that a test can look at its own
 * messages only.
 */
@ApplicationScoped
public class Journal {

  /**
   * One thing seen.
   *
   * @param marker the message's text (the tests put a unique id in each), or {@code connection}
   * @param what what happened, e.g. {@code hook.beforeConsume} or {@code event.ConsumeSucceeded}
   * @param detail the consumer, the error class or the retry count; empty when none
   */
  public record Entry(String marker, String what, String detail) {}

  private final ConcurrentLinkedQueue<Entry> entries = new ConcurrentLinkedQueue<>();

  void add(String marker, String what, String detail) {
    entries.add(new Entry(marker, what, detail));
  }

  /**
   * What was seen about the messages whose text contains the id (or about the connection, for
   * {@code connection}), in order.
   *
   * @param id a message's unique id, or {@code connection}
   * @return the entries about it
   */
  public List<Entry> about(String id) {
    return entries.stream().filter(entry -> entry.marker().contains(id)).toList();
  }

  /**
   * The {@code what} of each entry {@link #about(String)} the id, in order.
   *
   * @param id a message's unique id, or {@code connection}
   * @return what was seen
   */
  public List<String> whatAbout(String id) {
    return about(id).stream().map(Entry::what).toList();
  }
}
