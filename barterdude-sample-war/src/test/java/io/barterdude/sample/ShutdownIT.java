package io.barterdude.sample;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.barterdude.it.RabbitCtl;
import io.barterdude.it.TestBroker;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Stops the Liberty server while the sample is working through a backlog, then starts it again: the
 * stop ends in bounded time, every message is either forwarded (handled) or back in its queue, and
 * after the restart every message is forwarded, duplicates only for messages that were in flight.
 *
 * <p>The messages go to {@code queue1}, which the sample consumes, each with an id of this run; the
 * test counts the ids the sample forwards to {@code my_exchange}. The server is started again in
 * {@code finally}, so the other tests and the build's own stop find it running, whatever the order.
 */
class ShutdownIT extends SampleServerTestBase {

  private static final String QUEUE = "queue1";

  /**
   * The fewest messages the feeder keeps ready in the queue until the server has stopped, so that
   * the stop always finds a backlog however fast the sample forwards (it went from about 1,250 to
   * 5,000 msg/s on 2 cores, and {@code server stop} needs seconds to take effect: a fixed backlog
   * of 20,000 was once gone before the stop).
   */
  private static final int BACKLOG = 5_000;

  /**
   * The most messages a subscription holds unacknowledged: {@code barterdude.prefetch} in the
   * sample's microprofile-config.properties (its source: the test resources have a file of that
   * name too). Only those can be handled twice.
   */
  private static final int PREFETCH = samplePrefetch();

  private static final Duration STOP_BOUND = Duration.ofSeconds(60);

  private static final Pattern LOG_ID = Pattern.compile("BDCDI\\d{4}");

  @Test
  void stopMidStreamLosesNothingAndTheRestartHandlesTheRest() throws Exception {
    String run = UUID.randomUUID().toString();
    Pattern idPattern = Pattern.compile(Pattern.quote(run) + "-(\\d+)");
    try (ForwardedMessages forwarded = forwarded();
        Feeder feeder = new Feeder(run)) {
      await("the sample forwards some")
          .atMost(60, SECONDS)
          .until(() -> ids(forwarded.bodies(), idPattern).size() >= PREFETCH);

      int forwardedAtStopCommand = ids(forwarded.bodies(), idPattern).size();
      long logOffset = Files.size(LibertyServer.SAMPLE.messagesLog());
      LibertyServer.Result stop = LibertyServer.SAMPLE.stop(STOP_BOUND.multipliedBy(2));
      int published = feeder.stop();
      assertEquals(0, stop.exitCode(), stop.output());
      List<String> stopLog = barterdudeLines(LibertyServer.SAMPLE.messagesLog(), logOffset);
      AfterStop after = afterStop(forwarded, idPattern, published);
      System.out.printf(
          "ShutdownIT: published %d; forwarded when server stop was run %d; server stop took %d ms;"
              + " forwarded when stopped %d; back in %s after the stop %d; forwarded and back in"
              + " the queue %d; lost %d%nShutdownIT: BarterDude's log during the stop:%n  %s%n",
          published,
          forwardedAtStopCommand,
          stop.duration().toMillis(),
          after.forwarded().size(),
          QUEUE,
          after.waiting().size(),
          after.inBoth().size(),
          after.lost().size(),
          summary(stopLog));
      assertTrue(stop.duration().compareTo(STOP_BOUND) < 0, "server stop took " + stop.duration());
      assertLogged(stopLog, "BDCDI0007", true, "BarterDude stopped");
      assertLogged(stopLog, "BDCDI0006", false, "handlers still running at the shutdown timeout");
      assertTrue(
          stopLog.stream().filter(line -> line.contains("BDCDI0012")).count() <= 2,
          "a refused executor is reported once per consumer (the sample has two)");
      assertTrue(!after.waiting().isEmpty(), "stopped mid-stream: the feeder kept a backlog");
      assertEquals(Set.of(), after.lost(), "neither forwarded nor back in the queue");
      assertTrue(after.inBoth().size() <= PREFETCH, "forwarded and back: " + after.inBoth());

      restart();
      long duplicates = awaitAllForwarded(forwarded, idPattern, published);
      assertTrue(duplicates <= after.inBoth().size(), "duplicates beyond the messages in flight");
      assertEquals(0, broker.messageCount(QUEUE), "messages left in " + QUEUE);
    } finally {
      if (!LibertyServer.SAMPLE.isRunning()) {
        restart();
      }
    }
  }

  /** What became of the messages once the server stopped. */
  private record AfterStop(int published, Set<Integer> forwarded, Set<Integer> waiting) {
    /** Forwarded, yet back in the queue: their handler ran but the ack never reached the broker. */
    Set<Integer> inBoth() {
      Set<Integer> both = new HashSet<>(forwarded);
      both.retainAll(waiting);
      return both;
    }

    Set<Integer> lost() {
      Set<Integer> lost = IntStream.range(0, published).boxed().collect(Collectors.toSet());
      lost.removeAll(forwarded);
      lost.removeAll(waiting);
      return lost;
    }
  }

  /**
   * Waits until the stopped server's messages are back in the queue and its last forwards arrived,
   * then reads which ids were forwarded and which wait in the queue.
   */
  private static AfterStop afterStop(
      ForwardedMessages forwarded, Pattern idPattern, int published) {
    await("the server's subscription is gone and its unacknowledged messages are back")
        .atMost(30, SECONDS)
        .until(() -> broker.consumerCount(QUEUE) == 0 && RabbitCtl.unacknowledged(QUEUE) == 0);
    await("the last forwards received")
        .atMost(30, SECONDS)
        .until(() -> forwarded.quietMillis() > 1000);
    try {
      return new AfterStop(
          published,
          ids(forwarded.bodies(), idPattern).keySet(),
          ids(broker.peek(QUEUE), idPattern).keySet());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Waits until every id was forwarded and the forwards stopped.
   *
   * @return how many forwards there were beyond one per message
   */
  private static long awaitAllForwarded(
      ForwardedMessages forwarded, Pattern idPattern, int published) {
    await("every message forwarded after the restart")
        .atMost(300, SECONDS)
        .pollInterval(1, SECONDS)
        .until(() -> ids(forwarded.bodies(), idPattern).size() == published);
    await("no more forwards").atMost(30, SECONDS).until(() -> forwarded.quietMillis() > 2000);
    Map<Integer, Long> counts = ids(forwarded.bodies(), idPattern);
    long duplicates = counts.values().stream().mapToLong(count -> count - 1).sum();
    System.out.printf(
        "ShutdownIT: after the restart all %d messages were forwarded; duplicates %d (ids %s)%n",
        published,
        duplicates,
        counts.entrySet().stream()
            .filter(entry -> entry.getValue() > 1)
            .map(Map.Entry::getKey)
            .sorted()
            .toList());
    return duplicates;
  }

  /**
   * Publishes the run's messages to the queue on a thread and a connection of its own, in chunks,
   * whenever fewer than {@link #BACKLOG} are ready, until it is stopped; ids count up from 0.
   */
  private static final class Feeder implements AutoCloseable {

    private static final int CHUNK = 2_000;

    private final TestBroker feed = new TestBroker();
    private final String run;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final CompletableFuture<Integer> published;

    Feeder(String run) {
      this.run = run;
      published = CompletableFuture.supplyAsync(this::feed);
    }

    private int feed() {
      int next = 0;
      while (!stopped.get()) {
        if (feed.messageCount(QUEUE) < BACKLOG) {
          int from = next;
          feed.publishAll(
              QUEUE,
              IntStream.range(from, from + CHUNK)
                  .mapToObj(i -> "{\"id\":\"" + run + "-" + i + "\"}")
                  .toList());
          next += CHUNK;
        } else {
          LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
      }
      return next;
    }

    /** Stops feeding and returns how many messages it published (all confirmed). */
    int stop() throws Exception {
      stopped.set(true);
      return published.get(60, SECONDS);
    }

    @Override
    public void close() throws Exception {
      try {
        stop();
      } finally {
        feed.close();
      }
    }
  }

  private static void assertLogged(List<String> log, String id, boolean expected, String what) {
    assertEquals(
        expected, log.stream().anyMatch(line -> line.contains(id)), what + " (" + id + ")");
  }

  /** Starts the server again and waits until the sample is ready and subscribed. */
  private static void restart() throws IOException, InterruptedException {
    LibertyServer.Result start = LibertyServer.SAMPLE.start(Duration.ofSeconds(120));
    assertEquals(0, start.exitCode(), start.output());
    SampleServer.awaitReady(broker);
  }

  /** How many times each id of this run appears in the bodies. */
  private static Map<Integer, Long> ids(List<String> bodies, Pattern idPattern) {
    Map<Integer, Long> counts = new HashMap<>();
    for (String body : bodies) {
      Matcher matcher = idPattern.matcher(body);
      if (matcher.find()) {
        counts.merge(Integer.parseInt(matcher.group(1)), 1L, Long::sum);
      }
    }
    return counts;
  }

  /** Each BarterDude message id logged, how many times, and its first line. */
  private static String summary(List<String> log) {
    Map<String, List<String>> byId = new TreeMap<>();
    for (String line : log) {
      Matcher id = LOG_ID.matcher(line);
      if (id.find()) {
        byId.computeIfAbsent(id.group(), key -> new ArrayList<>()).add(line);
      }
    }
    return byId.entrySet().stream()
        .map(e -> e.getKey() + " x" + e.getValue().size() + ", first: " + e.getValue().get(0))
        .collect(Collectors.joining("\n  "));
  }

  /** BarterDude's lines ({@code BDCDI} ids) written to the log after the offset. */
  private static List<String> barterdudeLines(Path log, long offset) throws IOException {
    byte[] all = Files.readAllBytes(log);
    int from = (int) Math.min(offset, all.length);
    String tail = new String(all, from, all.length - from, StandardCharsets.UTF_8);
    return tail.lines().filter(line -> line.contains("BDCDI")).toList();
  }

  private static int samplePrefetch() {
    Properties config = new Properties();
    Path file = Path.of("src", "main", "resources", "META-INF", "microprofile-config.properties");
    try (InputStream in = Files.newInputStream(file)) {
      config.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Integer.parseInt(config.getProperty("barterdude.prefetch"));
  }
}
