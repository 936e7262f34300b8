// Records the Vercel AI SDK's experimental_telemetry spans (generateText, streamText, a two-step
// tool call, an Anthropic call with prompt caching) against the fake provider. `npm run record`.
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { generateText, streamText, tool, stepCountIs } from 'ai';
import { createOpenAI } from '@ai-sdk/openai';
import { createAnthropic } from '@ai-sdk/anthropic';
import { z } from 'zod';
import { collector, record, reply, versions, done } from '../harness/harness.mjs';
import { CHAT, STREAM, SYSTEM, TOOL_CALL } from '../harness/scenarios.mjs';

const library = 'vercel-ai';
const packages = versions(import.meta.dirname, ['ai', '@ai-sdk/openai', '@ai-sdk/anthropic', '@opentelemetry/exporter-trace-otlp-proto']);

context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
const provider = new BasicTracerProvider({
  resource: resourceFromAttributes({ 'service.name': 'recorder-vercel-ai' }),
  spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: (await collector()).url }))],
});
const tracer = provider.getTracer('ai');
const flush = () => provider.forceFlush();
const telemetry = {
  isEnabled: true,
  tracer,
  functionId: 'fixture',
  metadata: { userId: 'user-7', sessionId: 'session-7' },
};

await record(
  {
    library, packages, flush, scenario: 'generate-text',
    description: 'generateText on openai.chat("gpt-4o") with a system prompt; the answer names the dated snapshot and reports 1024 cached tokens',
    replies: CHAT.replies,
  },
  async ({ fake }) => {
    const openai = createOpenAI({ baseURL: fake.openAiBaseUrl, apiKey: 'sk-fake' });
    await generateText({ model: openai.chat('gpt-4o'), system: SYSTEM, prompt: CHAT.question, experimental_telemetry: telemetry });
  },
);

await record(
  {
    library, packages, flush, scenario: 'stream-text',
    description: 'streamText on openai.chat("gpt-4o-mini"); the SDK asks for usage in the stream (stream_options.include_usage)',
    replies: STREAM.replies,
  },
  async ({ fake }) => {
    const openai = createOpenAI({ baseURL: fake.openAiBaseUrl, apiKey: 'sk-fake' });
    const result = streamText({ model: openai.chat('gpt-4o-mini'), system: SYSTEM, prompt: STREAM.question, experimental_telemetry: telemetry });
    for await (const _ of result.textStream) {
      // drain: the spans end when the stream does
    }
    await result.usage;
  },
);

await record(
  {
    library, packages, flush, scenario: 'tool-call-two-steps',
    description: 'generateText with one tool and stopWhen stepCountIs(2): step 1 answers with a tool call, step 2 with text; the outer span sums both steps',
    replies: TOOL_CALL.replies,
  },
  async ({ fake }) => {
    const openai = createOpenAI({ baseURL: fake.openAiBaseUrl, apiKey: 'sk-fake' });
    await generateText({
      model: openai.chat('gpt-4o'),
      system: SYSTEM,
      prompt: TOOL_CALL.question,
      tools: {
        weather: tool({
          description: 'The current weather in a city',
          inputSchema: z.object({ city: z.string() }),
          execute: async ({ city }) => ({ city, celsius: 18, sky: 'sunny' }),
        }),
      },
      stopWhen: stepCountIs(2),
      experimental_telemetry: telemetry,
    });
  },
);

await record(
  {
    library, packages, flush, scenario: 'anthropic-cache',
    description: 'generateText on anthropic("claude-sonnet-4-5") whose answer reads 2048 and writes 512 prompt-cache tokens; Anthropic reports input_tokens without them',
    replies: [reply({ text: 'Cached prompts cost less to read.', model: 'claude-sonnet-4-5-20250929', usage: { input: 300, output: 40, cachedInput: 2048, cacheWrite: 512 } })],
  },
  async ({ fake }) => {
    const anthropic = createAnthropic({ baseURL: fake.anthropicBaseUrl, apiKey: 'sk-ant-fake' });
    await generateText({ model: anthropic('claude-sonnet-4-5'), system: SYSTEM, prompt: 'Why cache prompts?', experimental_telemetry: telemetry });
  },
);

await provider.shutdown();
await done();
