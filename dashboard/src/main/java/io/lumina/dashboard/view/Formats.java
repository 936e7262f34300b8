package io.lumina.dashboard.view;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.springframework.stereotype.Component;

/** Number and time formats for the templates ({@code ${@fmt.usd(x)}}), one place for every page. */
@Component("fmt")
public final class Formats {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);
  private final Clock clock;

  public Formats(Clock clock) {
    this.clock = clock;
  }

  /** Dollars with the precision LLM costs need: $12.35, $0.0042, $0.000018. */
  public String usd(Object value) {
    BigDecimal v = decimal(value);
    if (v == null) {
      return "—";
    }
    if (v.signum() == 0) {
      return "$0";
    }
    BigDecimal abs = v.abs();
    int scale =
        abs.compareTo(BigDecimal.ONE) >= 0 ? 2 : abs.compareTo(new BigDecimal("0.01")) >= 0 ? 4 : 6;
    BigDecimal rounded = v.setScale(scale, RoundingMode.HALF_UP).stripTrailingZeros();
    if (rounded.signum() == 0) {
      return "<$0.000001";
    }
    return (rounded.signum() < 0 ? "-$" : "$") + rounded.abs().toPlainString();
  }

  public String ms(Object value) {
    BigDecimal v = decimal(value);
    if (v == null) {
      return "—";
    }
    double d = v.doubleValue();
    if (d >= 60_000) {
      return String.format(Locale.ROOT, "%.1f min", d / 60_000);
    }
    if (d >= 1000) {
      return String.format(Locale.ROOT, "%.2f s", d / 1000);
    }
    return String.format(Locale.ROOT, d >= 10 ? "%.0f ms" : "%.1f ms", d);
  }

  public String count(Object value) {
    BigDecimal v = decimal(value);
    if (v == null) {
      return "—";
    }
    double d = v.doubleValue();
    if (Math.abs(d) >= 1_000_000) {
      return String.format(Locale.ROOT, "%.1fM", d / 1_000_000);
    }
    if (Math.abs(d) >= 10_000) {
      return String.format(Locale.ROOT, "%.1fk", d / 1000);
    }
    return String.format(Locale.ROOT, "%,d", v.longValue());
  }

  /** A ratio 0..1 as a percentage. */
  public String pct(Object ratio) {
    BigDecimal v = decimal(ratio);
    return v == null ? "—" : String.format(Locale.ROOT, "%.1f%%", v.doubleValue() * 100);
  }

  public String time(Instant t) {
    return t == null ? "—" : TIME.format(t);
  }

  public String ago(Instant t) {
    if (t == null) {
      return "—";
    }
    Duration d = Duration.between(t, clock.instant());
    long s = d.toSeconds();
    if (s < 0) {
      return "just now";
    }
    if (s < 60) {
      return s + "s ago";
    }
    if (s < 3600) {
      return (s / 60) + "m ago";
    }
    if (s < 86_400) {
      return (s / 3600) + "h ago";
    }
    return (s / 86_400) + "d ago";
  }

  public String shortId(String id) {
    return id == null ? "—" : id.length() <= 12 ? id : id.substring(0, 12) + "…";
  }

  static BigDecimal decimal(Object value) {
    return switch (value) {
      case null -> null;
      case BigDecimal b -> b;
      case Long l -> BigDecimal.valueOf(l);
      case Integer i -> BigDecimal.valueOf(i);
      case Number n when Double.isFinite(n.doubleValue()) -> BigDecimal.valueOf(n.doubleValue());
      case String s -> {
        try {
          yield new BigDecimal(s.strip());
        } catch (NumberFormatException e) {
          yield null;
        }
      }
      default -> null;
    };
  }
}
