package io.lumina.service.time;

import java.time.Clock;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The one {@link Clock} of every service: time is injected, so tests move it (a {@code
 * MutableClock} bean of theirs replaces this one) instead of sleeping.
 */
@AutoConfiguration
public class ClockAutoConfiguration {
  @Bean
  @ConditionalOnMissingBean
  Clock clock() {
    return Clock.systemUTC();
  }
}
