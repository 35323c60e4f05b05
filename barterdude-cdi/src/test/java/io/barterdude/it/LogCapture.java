package io.barterdude.it;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/** Captures the records of one logger (and its children) while open. */
public final class LogCapture extends Handler implements AutoCloseable {

  private final Logger logger;
  private final Level previous;
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();
  private final SimpleFormatter formatter = new SimpleFormatter();

  public LogCapture(String loggerName) {
    logger = Logger.getLogger(loggerName);
    previous = logger.getLevel();
    logger.setLevel(Level.ALL);
    logger.addHandler(this);
  }

  @Override
  public void publish(LogRecord record) {
    records.add(record);
  }

  /** Every captured line, formatted with its stack trace if any. */
  public String text() {
    StringBuilder text = new StringBuilder();
    records.forEach(record -> text.append(formatter.format(record)));
    return text.toString();
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    logger.removeHandler(this);
    logger.setLevel(previous);
  }
}
