package io.barterdude.internal.extension;

import io.barterdude.Consume;
import io.barterdude.Topology;
import io.barterdude.hooks.HttpHook;
import io.barterdude.hooks.Logging;
import io.barterdude.internal.config.ConsumerDefinition;
import io.barterdude.internal.config.Deployment;
import io.barterdude.internal.config.InvalidConfigurationException;
import io.barterdude.internal.config.Settings;
import io.barterdude.internal.config.TopologyConfig;
import io.barterdude.internal.container.ApplicationBeans;
import io.barterdude.internal.health.HealthcheckHook;
import io.barterdude.internal.health.MicroProfileHealth;
import io.barterdude.internal.log.BarterDudeLog;
import io.barterdude.internal.runtime.BarterDudeRuntime;
import io.barterdude.internal.runtime.DefaultBarterDude;
import io.barterdude.internal.runtime.DefaultDeadLetters;
import io.barterdude.internal.testing.PipelineDeliveries;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.AfterDeploymentValidation;
import jakarta.enterprise.inject.spi.AnnotatedMethod;
import jakarta.enterprise.inject.spi.AnnotatedParameter;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.inject.spi.DefinitionException;
import jakarta.enterprise.inject.spi.DeploymentException;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessManagedBean;
import jakarta.enterprise.inject.spi.ProcessObserverMethod;
import jakarta.ws.rs.Path;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The portable extension: registers BarterDude's beans, finds every {@link Consume} method, reports
 * every definition error at once, and takes those methods out of CDI's event routing (BarterDude
 * calls each one for the messages of its own queues).
 */
public class BarterDudeExtension implements Extension {

  private final List<ConsumerDefinition> consumers = new ArrayList<>();
  private Settings settings;
  private Topology configuredTopology = Topology.builder().build();

  void registerBeans(@Observes BeforeBeanDiscovery event, BeanManager beanManager) {
    for (Class<?> type :
        List.of(
            BarterDudeRuntime.class,
            DefaultBarterDude.class,
            DefaultDeadLetters.class,
            Logging.class,
            HealthcheckHook.class,
            PipelineDeliveries.class,
            MicroProfileHealth.class)) {
      event.addAnnotatedType(beanManager.createAnnotatedType(type), type.getName());
    }
    registerMetrics(event, beanManager);
  }

  /**
   * Registers the {@link io.barterdude.hooks.Metrics} hook only where the MicroProfile Metrics API
   * is there: MicroProfile 7 servers leave it out, and loading the hook without it fails the
   * deployment. Named, not imported, so that this class loads without it too.
   */
  private static void registerMetrics(BeforeBeanDiscovery event, BeanManager beanManager) {
    if (!MetricsApi.isPresent()) {
      BarterDudeLog.metricsApiAbsent();
      return;
    }
    Class<?> metrics = MetricsApi.hook();
    event.addAnnotatedType(beanManager.createAnnotatedType(metrics), metrics.getName());
  }

  <T> void findConsumers(@Observes ProcessManagedBean<T> event) {
    for (AnnotatedMethod<? super T> method : event.getAnnotatedBeanClass().getMethods()) {
      for (AnnotatedParameter<?> parameter : method.getParameters()) {
        if (parameter.isAnnotationPresent(Consume.class)) {
          consumers.add(ConsumerDefinition.of(event.getBean(), method, parameter, config()));
        }
      }
    }
  }

  void removeFromEventRouting(@Observes ProcessObserverMethod<?, ?> event) {
    boolean consumer =
        event.getObserverMethod().getObservedQualifiers().stream()
            .anyMatch(qualifier -> qualifier.annotationType() == Consume.class);
    if (consumer) {
      event.veto();
    }
  }

  void reportDefinitionErrors(@Observes AfterBeanDiscovery event) {
    List<String> problems = new ArrayList<>();
    consumers.forEach(consumer -> problems.addAll(consumer.validate()));
    problems.addAll(namesUsedTwice());
    problems.addAll(queuesReadTwice());
    if (!problems.isEmpty()) {
      event.addDefinitionError(
          new DefinitionException(
              "BDCDI0100: invalid @Consume consumers:\n  " + String.join("\n  ", problems)));
    }
  }

  void checkHooks(@Observes AfterDeploymentValidation event, BeanManager beanManager) {
    for (ConsumerDefinition consumer : consumers) {
      consumer.hooks().stream()
          .filter(type -> !hasBean(beanManager, type))
          .forEach(
              type ->
                  event.addDeploymentProblem(
                      new DeploymentException(
                          "BDCDI0101: "
                              + consumer.name()
                              + ": @Consume names hook "
                              + type.getName()
                              + " but no bean of that type exists")));
    }
    beanManager.getBeans(HttpHook.class, Any.Literal.INSTANCE).stream()
        .map(Bean::getBeanClass)
        .filter(type -> !type.isAnnotationPresent(Path.class))
        .forEach(
            type ->
                event.addDeploymentProblem(
                    new DeploymentException(
                        "BDCDI0102: HttpHook "
                            + type.getName()
                            + " needs @jakarta.ws.rs.Path to answer a route")));
  }

  /** Whether a bean of the type exists, asking the application's bean manager too. */
  private static boolean hasBean(BeanManager beanManager, Class<?> type) {
    return !beanManager.getBeans(type, Any.Literal.INSTANCE).isEmpty()
        || !ApplicationBeans.of(beanManager).getBeans(type, Any.Literal.INSTANCE).isEmpty();
  }

  void readConfiguration(@Observes AfterDeploymentValidation event) {
    try {
      settings = Settings.from(ConfigProvider.getConfig());
      checkPrefetch(event, settings.prefetch());
    } catch (InvalidConfigurationException e) {
      event.addDeploymentProblem(e);
    }
    try {
      configuredTopology = TopologyConfig.read(ConfigProvider.getConfig());
    } catch (InvalidConfigurationException e) {
      event.addDeploymentProblem(e);
    }
  }

  /**
   * Fails the deployment for every consumer whose own prefetch would leave workers idle; a global
   * {@code barterdude.prefetch} below a consumer's concurrency (a common "one at a time" setting)
   * only limits that consumer, with a warning.
   */
  private void checkPrefetch(AfterDeploymentValidation event, int globalPrefetch) {
    List<String> problems = new ArrayList<>();
    for (ConsumerDefinition consumer : consumers) {
      consumer
          .prefetchProblem(globalPrefetch)
          .ifPresent(
              problem -> {
                if (consumer.hasOwnPrefetch()) {
                  problems.add(problem);
                } else {
                  BarterDudeLog.prefetchLimitsConcurrency(problem);
                }
              });
    }
    if (!problems.isEmpty()) {
      event.addDeploymentProblem(
          new DeploymentException(
              "BDCDI0032: prefetch too small:\n  " + String.join("\n  ", problems)));
    }
  }

  /** A consumer's name is its one name everywhere: two consumers cannot share it. */
  private List<String> namesUsedTwice() {
    Map<String, List<String>> methods = new TreeMap<>();
    for (ConsumerDefinition consumer : consumers) {
      Method method = consumer.method();
      methods
          .computeIfAbsent(consumer.name(), name -> new ArrayList<>())
          .add(method.getDeclaringClass().getName() + "." + method.getName());
    }
    List<String> problems = new ArrayList<>();
    methods.forEach(
        (name, sharing) -> {
          if (sharing.size() > 1) {
            problems.add(
                name
                    + ": the name of several consumers "
                    + sharing.stream().sorted().toList()
                    + "; give each its own @Consume(name = ...)");
          }
        });
    return problems;
  }

  private List<String> queuesReadTwice() {
    Map<String, String> readers = new HashMap<>();
    List<String> problems = new ArrayList<>();
    List<ConsumerDefinition> byName =
        consumers.stream()
            .filter(ConsumerDefinition::enabled)
            .sorted(Comparator.comparing(ConsumerDefinition::name))
            .toList();
    for (ConsumerDefinition consumer : byName) {
      for (String queue : consumer.queues()) {
        String other = readers.putIfAbsent(queue, consumer.name());
        if (other != null && !other.equals(consumer.name())) {
          problems.add(consumer.name() + ": queue '" + queue + "' is already read by " + other);
        }
      }
    }
    return problems;
  }

  /** Makes what was found and validated at deployment a bean for the runtime to inject. */
  void publishDeployment(@Observes AfterBeanDiscovery event) {
    event
        .addBean()
        .types(Deployment.class)
        .scope(Dependent.class)
        .produceWith(
            beans ->
                new Deployment(
                    settings, Collections.unmodifiableList(consumers), configuredTopology));
  }

  private static Config config() {
    try {
      return ConfigProvider.getConfig();
    } catch (RuntimeException | LinkageError noConfig) {
      return null;
    }
  }
}
