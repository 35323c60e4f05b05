package io.barterdude.arquillian.app;

import io.barterdude.Message;
import io.barterdude.hooks.Hook;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** A hook that writes every call it gets into the {@link Journal}. */
@ApplicationScoped
public class RecordingHook implements Hook {

  @Inject Journal journal;

  @Override
  public void beforeConsume(Message message) {
    journal.add(message.text(), "hook.beforeConsume", "");
  }

  @Override
  public void onSuccess(Message message) {
    journal.add(message.text(), "hook.onSuccess", "");
  }

  @Override
  public void onFail(Message message, Throwable error) {
    journal.add(message.text(), "hook.onFail", error.getClass().getSimpleName());
  }

  @Override
  public void onConnectionFail(Throwable error, int retries) {
    journal.add("connection", "hook.onConnectionFail", String.valueOf(retries));
  }
}
