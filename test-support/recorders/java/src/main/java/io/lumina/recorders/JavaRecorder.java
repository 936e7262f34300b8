package io.lumina.recorders;

import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.model.chat.listener.ChatModelErrorContext;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelRequestContext;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.langchain4j.model.openai.OpenAiTokenUsage;
import dev.langchain4j.model.output.TokenUsage;
import dev.langchain4j.service.AiServices;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.openai.OpenAiChatOptions;

/**
 * Runs one scenario of Spring AI's ChatClient or LangChain4j against the fake provider at {@code
 * FAKE_OPENAI_BASE_URL}, exporting spans as OTLP/HTTP protobuf to {@code OTLP_TRACES_URL}. Started
 * by record.mjs beside the pom, which owns the fake provider, the endpoint and the fixture files.
 */
public final class JavaRecorder {

  static final String SYSTEM = "You are a terse assistant. Answer in one sentence.";

  public static void main(String[] args) throws Exception {
    String library = args[0];
    String scenario = args[1];
    String baseUrl = System.getenv("FAKE_OPENAI_BASE_URL");
    SdkTracerProvider tracerProvider =
        SdkTracerProvider.builder()
            .setResource(
                Resource.getDefault().toBuilder()
                    .put("service.name", "recorder-" + library)
                    .build())
            .addSpanProcessor(
                SimpleSpanProcessor.create(
                    OtlpHttpSpanExporter.builder()
                        .setEndpoint(System.getenv("OTLP_TRACES_URL"))
                        .build()))
            .build();
    OpenTelemetrySdk otel = OpenTelemetrySdk.builder().setTracerProvider(tracerProvider).build();
    try {
      switch (library) {
        case "spring-ai" -> SpringAi.run(scenario, baseUrl, otel);
        case "langchain4j" -> LangChain4j.run(scenario, baseUrl, otel);
        default -> throw new IllegalArgumentException("unknown library " + library);
      }
    } finally {
      tracerProvider.forceFlush().join(10, TimeUnit.SECONDS);
      tracerProvider.shutdown().join(10, TimeUnit.SECONDS);
    }
  }

  /** Spring AI: ChatClient over OpenAiChatModel, observed through Micrometer into OpenTelemetry. */
  static final class SpringAi {

    static void run(String scenario, String baseUrl, OpenTelemetrySdk otel)
        throws InterruptedException {
      // what Spring Boot's tracing auto-configuration wires: observations become OTel spans
      OtelCurrentTraceContext current = new OtelCurrentTraceContext();
      OtelTracer tracer = new OtelTracer(otel.getTracer("spring-ai"), current, event -> {});
      ObservationRegistry registry = ObservationRegistry.create();
      registry.observationConfig().observationHandler(new DefaultTracingObservationHandler(tracer));

      OpenAiChatOptions options =
          OpenAiChatOptions.builder()
              .baseUrl(baseUrl)
              .apiKey("sk-fake")
              .model(scenario.equals("stream") ? "gpt-4o-mini" : "gpt-4o")
              .streamUsage(true)
              .build();
      org.springframework.ai.openai.OpenAiChatModel model =
          org.springframework.ai.openai.OpenAiChatModel.builder()
              .options(options)
              .observationRegistry(registry)
              .build();
      ChatClient client = ChatClient.builder(model, registry, null, null).build();
      switch (scenario) {
        case "chat" ->
            client.prompt().system(SYSTEM).user("What is the capital of France?").call().content();
        case "stream" -> {
          client
              .prompt()
              .system(SYSTEM)
              .user("How does streaming work?")
              .stream()
              .content()
              .collectList()
              .block();
          // the stream's observations stop in doFinally, after block() returned: let them end
          // before the exporter shuts down
          Thread.sleep(1000);
        }
        case "tool-call" ->
            client
                .prompt()
                .system(SYSTEM)
                .user("What is the weather in Paris?")
                .tools(new SpringWeatherTool())
                .call()
                .content();
        default -> throw new IllegalArgumentException("unknown scenario " + scenario);
      }
    }
  }

  /** A Spring AI tool. */
  public static final class SpringWeatherTool {
    @org.springframework.ai.tool.annotation.Tool(description = "The current weather in a city")
    public String weather(String city) {
      return "{\"city\":\"" + city + "\",\"celsius\":18,\"sky\":\"sunny\"}";
    }
  }

  /**
   * LangChain4j: its models report every call to a {@link ChatModelListener}; {@link
   * GenAiSpans} turns those reports into OTel GenAI spans, as Quarkus LangChain4j does.
   */
  static final class LangChain4j {

    interface Assistant {
      String chat(String question);
    }

    static void run(String scenario, String baseUrl, OpenTelemetrySdk otel) throws Exception {
      List<ChatModelListener> listeners = List.of(new GenAiSpans(otel.getTracer("langchain4j")));
      switch (scenario) {
        case "chat" -> {
          OpenAiChatModel model = chatModel(baseUrl, listeners);
          model.chat(
              dev.langchain4j.data.message.SystemMessage.from(SYSTEM),
              dev.langchain4j.data.message.UserMessage.from("What is the capital of France?"));
        }
        case "stream" -> {
          OpenAiStreamingChatModel model =
              OpenAiStreamingChatModel.builder()
                  .baseUrl(baseUrl)
                  .apiKey("sk-fake")
                  .modelName("gpt-4o-mini")
                  .listeners(listeners)
                  .build();
          CompletableFuture<ChatResponse> done = new CompletableFuture<>();
          model.chat(
              List.of(
                  dev.langchain4j.data.message.SystemMessage.from(SYSTEM),
                  dev.langchain4j.data.message.UserMessage.from("How does streaming work?")),
              new dev.langchain4j.model.chat.response.StreamingChatResponseHandler() {
                @Override
                public void onPartialResponse(String partial) {}

                @Override
                public void onCompleteResponse(ChatResponse response) {
                  done.complete(response);
                }

                @Override
                public void onError(Throwable error) {
                  done.completeExceptionally(error);
                }
              });
          done.get(30, TimeUnit.SECONDS);
        }
        case "tool-call" -> {
          OpenAiChatModel model = chatModel(baseUrl, listeners);
          Assistant assistant =
              AiServices.builder(Assistant.class)
                  .chatModel(model)
                  .systemMessageProvider(id -> SYSTEM)
                  .tools(new Langchain4jWeatherTool())
                  .build();
          // an application's own span around the service call, as a traced endpoint would have
          Span parent =
              otel.getTracer("recorder").spanBuilder("answer_weather_question").startSpan();
          try (Scope ignored = parent.makeCurrent()) {
            assistant.chat("What is the weather in Paris?");
          } finally {
            parent.end();
          }
        }
        default -> throw new IllegalArgumentException("unknown scenario " + scenario);
      }
    }

    private static OpenAiChatModel chatModel(String baseUrl, List<ChatModelListener> listeners) {
      return OpenAiChatModel.builder()
          .baseUrl(baseUrl)
          .apiKey("sk-fake")
          .modelName("gpt-4o")
          .listeners(listeners)
          .build();
    }
  }

  /** A LangChain4j tool. */
  public static final class Langchain4jWeatherTool {
    @Tool("The current weather in a city")
    public String weather(String city) {
      return "{\"city\":\"" + city + "\",\"celsius\":18,\"sky\":\"sunny\"}";
    }
  }

  /** One OTel GenAI client span per LangChain4j model call, from the listener's reports. */
  static final class GenAiSpans implements ChatModelListener {
    private static final String SPAN = "otel.span";
    private final Tracer tracer;

    GenAiSpans(Tracer tracer) {
      this.tracer = tracer;
    }

    @Override
    public void onRequest(ChatModelRequestContext context) {
      String model = context.chatRequest().parameters().modelName();
      Span span =
          tracer
              .spanBuilder("chat " + model)
              .setSpanKind(SpanKind.CLIENT)
              .setParent(Context.current())
              .setAttribute("gen_ai.operation.name", "chat")
              .setAttribute("gen_ai.provider.name", "openai")
              .setAttribute("gen_ai.request.model", model)
              .startSpan();
      context.attributes().put(SPAN, span);
    }

    @Override
    public void onResponse(ChatModelResponseContext context) {
      Span span = (Span) context.attributes().get(SPAN);
      ChatResponse response = context.chatResponse();
      span.setAttribute("gen_ai.response.model", response.modelName());
      span.setAttribute("gen_ai.response.id", response.id());
      TokenUsage usage = response.tokenUsage();
      if (usage != null) {
        if (usage.inputTokenCount() != null) {
          span.setAttribute("gen_ai.usage.input_tokens", usage.inputTokenCount().longValue());
        }
        if (usage.outputTokenCount() != null) {
          span.setAttribute("gen_ai.usage.output_tokens", usage.outputTokenCount().longValue());
        }
        if (usage instanceof OpenAiTokenUsage openAi
            && openAi.inputTokensDetails() != null
            && openAi.inputTokensDetails().cachedTokens() != null) {
          span.setAttribute(
              "gen_ai.usage.cache_read.input_tokens",
              openAi.inputTokensDetails().cachedTokens().longValue());
        }
      }
      span.end();
    }

    @Override
    public void onError(ChatModelErrorContext context) {
      Span span = (Span) context.attributes().get(SPAN);
      if (span != null) {
        span.recordException(context.error(), Attributes.empty());
        span.setStatus(StatusCode.ERROR);
        span.end();
      }
    }
  }

  private JavaRecorder() {}
}
