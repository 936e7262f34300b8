package io.lumina.sdk;

import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of {@link Lumina#init}. Only the endpoint and the service name matter to most
 * applications; the rest has defaults sized for a busy service.
 *
 * <pre>{@code
 * LuminaOptions.builder()
 *     .endpoint("http://localhost:9411")
 *     .serviceName("chat-api")
 *     .apiKey(key)
 *     .samplingRate(0.1)
 *     .alwaysSample(AlwaysSample.builder().errors(true).costUsdAbove(0.5).build())
 *     .build();
 * }</pre>
 */
public final class LuminaOptions {

  /** Where {@code ./lumina start} listens for OTLP/HTTP. */
  public static final String DEFAULT_ENDPOINT = "http://127.0.0.1:9411";

  private static final String TRACES_PATH = "/v1/traces";

  private final URI tracesEndpoint;
  private final String serviceName;
  private final String apiKey;
  private final double samplingRate;
  private final AlwaysSample alwaysSample;
  private final boolean captureContent;
  private final Duration exportTimeout;
  private final Duration exportDelay;
  private final int exportQueueSize;
  private final int bufferMaxSpans;
  private final long bufferMaxBytes;
  private final Duration bufferTimeout;
  private final int maxAttributeLength;
  private final boolean shutdownHook;
  private final SpanExporter exporter;

  private LuminaOptions(Builder b) {
    this.tracesEndpoint = tracesEndpoint(b.endpoint);
    if (b.serviceName == null || b.serviceName.isBlank()) {
      throw new IllegalArgumentException(
          "serviceName is required (it names the service in Lumina)");
    }
    this.serviceName = b.serviceName;
    this.apiKey = b.apiKey == null || b.apiKey.isBlank() ? null : b.apiKey;
    this.samplingRate = b.samplingRate;
    this.alwaysSample = b.alwaysSample;
    this.captureContent = b.captureContent;
    this.exportTimeout = b.exportTimeout;
    this.exportDelay = b.exportDelay;
    this.exportQueueSize = b.exportQueueSize;
    this.bufferMaxSpans = b.bufferMaxSpans;
    this.bufferMaxBytes = b.bufferMaxBytes;
    this.bufferTimeout = b.bufferTimeout;
    this.maxAttributeLength = b.maxAttributeLength;
    this.shutdownHook = b.shutdownHook;
    this.exporter = b.exporter;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The OTLP/HTTP traces URL: the endpoint with {@code /v1/traces} appended unless given. */
  public URI tracesEndpoint() {
    return tracesEndpoint;
  }

  public String serviceName() {
    return serviceName;
  }

  /** The API key, or null; sent as {@code Authorization: Bearer}, never logged. */
  public String apiKey() {
    return apiKey;
  }

  public double samplingRate() {
    return samplingRate;
  }

  public AlwaysSample alwaysSample() {
    return alwaysSample;
  }

  public boolean captureContent() {
    return captureContent;
  }

  public Duration exportTimeout() {
    return exportTimeout;
  }

  public Duration exportDelay() {
    return exportDelay;
  }

  public int exportQueueSize() {
    return exportQueueSize;
  }

  public int bufferMaxSpans() {
    return bufferMaxSpans;
  }

  public long bufferMaxBytes() {
    return bufferMaxBytes;
  }

  public Duration bufferTimeout() {
    return bufferTimeout;
  }

  public int maxAttributeLength() {
    return maxAttributeLength;
  }

  public boolean shutdownHook() {
    return shutdownHook;
  }

  /** The exporter replacing OTLP/HTTP, or null. */
  public SpanExporter exporter() {
    return exporter;
  }

  @Override
  public String toString() { // no api key
    return "LuminaOptions{endpoint="
        + tracesEndpoint
        + ", serviceName="
        + serviceName
        + ", apiKey="
        + (apiKey == null ? "none" : "set")
        + ", samplingRate="
        + samplingRate
        + ", alwaysSample="
        + alwaysSample
        + "}";
  }

  private static URI tracesEndpoint(String endpoint) {
    URI uri;
    try {
      uri = URI.create(endpoint.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("endpoint is not a URL: " + endpoint, e);
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      throw new IllegalArgumentException("endpoint must be an http(s) URL: " + endpoint);
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("endpoint has no host: " + endpoint);
    }
    String path = uri.getPath() == null ? "" : uri.getPath();
    if (path.endsWith(TRACES_PATH)) {
      return uri;
    }
    String base = uri.toString();
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    return URI.create(base + TRACES_PATH);
  }

  /** Builds {@link LuminaOptions}. */
  public static final class Builder {
    private String endpoint = DEFAULT_ENDPOINT;
    private String serviceName;
    private String apiKey;
    private double samplingRate = 1.0;
    private AlwaysSample alwaysSample = AlwaysSample.none();
    private boolean captureContent = true;
    private Duration exportTimeout = Duration.ofSeconds(30);
    private Duration exportDelay = Duration.ofSeconds(1);
    private int exportQueueSize = 8192;
    private int bufferMaxSpans = 10_000;
    private long bufferMaxBytes = 32L * 1024 * 1024;
    private Duration bufferTimeout = Duration.ofSeconds(60);
    private int maxAttributeLength = 64 * 1024;
    private boolean shutdownHook = true;
    private SpanExporter exporter;

    private Builder() {}

    /**
     * Lumina's ingestion, e.g. {@code http://localhost:9411} ({@code /v1/traces} is appended when
     * missing). Default {@value #DEFAULT_ENDPOINT}.
     */
    public Builder endpoint(String endpoint) {
      this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
      return this;
    }

    /** The {@code service.name} of every span. Required. */
    public Builder serviceName(String serviceName) {
      this.serviceName = serviceName;
      return this;
    }

    /** A Lumina API key with the ingest role; none while authentication is off. */
    public Builder apiKey(String apiKey) {
      this.apiKey = apiKey;
      return this;
    }

    /** Share of traces recorded, by trace id, from 0 to 1. Default 1. */
    public Builder samplingRate(double samplingRate) {
      if (!(samplingRate >= 0 && samplingRate <= 1)) {
        throw new IllegalArgumentException("samplingRate must be within 0..1: " + samplingRate);
      }
      this.samplingRate = samplingRate;
      return this;
    }

    /** Traces kept whatever the rate. Default none. */
    public Builder alwaysSample(AlwaysSample alwaysSample) {
      this.alwaysSample = Objects.requireNonNull(alwaysSample, "alwaysSample");
      return this;
    }

    /** Whether prompts and responses are recorded. Default true. */
    public Builder captureContent(boolean captureContent) {
      this.captureContent = captureContent;
      return this;
    }

    /**
     * How long one export may take, retries included: the exporter retries 429, 502, 503 and 504,
     * waiting what {@code Retry-After} asks, within this time. Default 30 s.
     */
    public Builder exportTimeout(Duration exportTimeout) {
      this.exportTimeout = positive(exportTimeout, "exportTimeout");
      return this;
    }

    /** How long finished spans wait to be batched. Default 1 s. */
    public Builder exportDelay(Duration exportDelay) {
      this.exportDelay = positive(exportDelay, "exportDelay");
      return this;
    }

    /** Spans waiting for export; beyond, new ones are dropped. Default 8192. */
    public Builder exportQueueSize(int exportQueueSize) {
      this.exportQueueSize = atLeastOne(exportQueueSize, "exportQueueSize");
      return this;
    }

    /** The conditional sampling buffer's bound in spans. Default 10,000. */
    public Builder bufferMaxSpans(int bufferMaxSpans) {
      this.bufferMaxSpans = atLeastOne(bufferMaxSpans, "bufferMaxSpans");
      return this;
    }

    /** The conditional sampling buffer's bound in (estimated) bytes. Default 32 MiB. */
    public Builder bufferMaxBytes(long bufferMaxBytes) {
      if (bufferMaxBytes < SpanSizes.SPAN_OVERHEAD) {
        throw new IllegalArgumentException("bufferMaxBytes is too small: " + bufferMaxBytes);
      }
      this.bufferMaxBytes = bufferMaxBytes;
      return this;
    }

    /** How long a trace waits for its local root before it is dropped. Default 60 s. */
    public Builder bufferTimeout(Duration bufferTimeout) {
      this.bufferTimeout = positive(bufferTimeout, "bufferTimeout");
      return this;
    }

    /** Longer attribute values (prompts, responses) are cut. Default 65,536 characters. */
    public Builder maxAttributeLength(int maxAttributeLength) {
      this.maxAttributeLength = atLeastOne(maxAttributeLength, "maxAttributeLength");
      return this;
    }

    /** Whether a JVM shutdown hook flushes and closes Lumina. Default true. */
    public Builder shutdownHook(boolean shutdownHook) {
      this.shutdownHook = shutdownHook;
      return this;
    }

    /**
     * Sends spans to this exporter instead of OTLP/HTTP to the endpoint (tests, a collector with
     * its own authentication). Sampling and buffering are unchanged.
     */
    public Builder exporter(SpanExporter exporter) {
      this.exporter = exporter;
      return this;
    }

    public LuminaOptions build() {
      return new LuminaOptions(this);
    }

    private static Duration positive(Duration d, String name) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive: " + d);
      }
      return d;
    }

    private static int atLeastOne(int n, String name) {
      if (n < 1) {
        throw new IllegalArgumentException(name + " must be at least 1: " + n);
      }
      return n;
    }
  }
}
