package io.barterdude.internal.connection;

import com.rabbitmq.client.impl.CredentialsProvider;
import com.rabbitmq.client.impl.CredentialsRefreshService;
import com.rabbitmq.client.impl.DefaultCredentialsRefreshService;
import java.util.Optional;

/**
 * The application's {@link CredentialsProvider} bean (an OAuth 2 token source, a secrets manager)
 * and, when its credentials expire, the client's refresh service, which asks the provider for new
 * ones before they do and hands them to the open connections. Close it when the application stops.
 *
 * @param provider the provider both connections authenticate with
 * @param refresh the refresh service, present when the provider says when its credentials expire
 */
public record Credentials(CredentialsProvider provider, Optional<CredentialsRefreshService> refresh)
    implements AutoCloseable {

  public static Credentials of(CredentialsProvider provider) {
    return new Credentials(
        provider,
        provider.getTimeBeforeExpiration() == null
            ? Optional.empty()
            : Optional.of(
                new DefaultCredentialsRefreshService.DefaultCredentialsRefreshServiceBuilder()
                    .build()));
  }

  @Override
  public void close() {
    refresh
        .filter(DefaultCredentialsRefreshService.class::isInstance)
        .map(DefaultCredentialsRefreshService.class::cast)
        .ifPresent(DefaultCredentialsRefreshService::close);
  }
}
