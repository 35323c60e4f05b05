package io.barterdude.internal.runtime;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ShutdownSignalException;
import io.barterdude.internal.log.Log;
import java.io.IOException;

/**
 * Settles a delivery on the channel it came from. If the channel is gone, the broker has already
 * put the message back on its queue, so the failure is only logged.
 */
record ChannelSettlement(Channel channel, long deliveryTag, String consumer) implements Settlement {

  @Override
  public void ack() {
    try {
      channel.basicAck(deliveryTag, false);
    } catch (IOException | ShutdownSignalException e) {
      Log.settleFailed(consumer, deliveryTag, e);
    }
  }

  @Override
  public void reject(boolean requeue) {
    try {
      channel.basicReject(deliveryTag, requeue);
    } catch (IOException | ShutdownSignalException e) {
      Log.settleFailed(consumer, deliveryTag, e);
    }
  }
}
