// Records the spans of OpenInference's OpenAI instrumentation: a chat call, streamed calls with
// and without usage in the stream, and an AGENT span over a CHAIN over two calls whose agent
// repeats the summed token counts. `npm run record`.
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { OpenAIInstrumentation } from '@arizeai/openinference-instrumentation-openai';
import { traceAgent, traceChain } from '@arizeai/openinference-core';
import OpenAI from 'openai';
import { collector, record, versions, done } from '../harness/harness.mjs';
import { TWO_STEPS, messages, recordOpenAiChat, recordOpenAiStream } from '../harness/scenarios.mjs';

const library = 'openinference-js';
const packages = versions(import.meta.dirname, ['@arizeai/openinference-instrumentation-openai', '@arizeai/openinference-core', 'openai', '@opentelemetry/exporter-trace-otlp-proto']);

context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
const provider = new BasicTracerProvider({
  resource: resourceFromAttributes({ 'service.name': 'recorder-openinference-js' }),
  spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: (await collector()).url }))],
});
trace.setGlobalTracerProvider(provider);
const instrumentation = new OpenAIInstrumentation();
instrumentation.setTracerProvider(provider);
instrumentation.manuallyInstrument(OpenAI);
const flush = () => provider.forceFlush();
const client = (fake) => new OpenAI({ baseURL: fake.openAiBaseUrl, apiKey: 'sk-fake' });
const common = { library, packages, flush };

await recordOpenAiChat(common, client);
await recordOpenAiStream(common, client, { includeUsage: false });
await recordOpenAiStream(common, client, { includeUsage: true });

// An agent framework's own span: OpenInference's traceAgent helper, given the run's summed usage the
// way agent frameworks report it on their AGENT spans.
const agentUsage = (out) => ({
  'llm.token_count.prompt': out.usage.prompt,
  'llm.token_count.completion': out.usage.completion,
  'llm.token_count.total': out.usage.prompt + out.usage.completion,
  'llm.model_name': out.model,
  'output.value': out.answer,
});

await record(
  {
    library, packages, flush, scenario: 'agent',
    description: 'an AGENT span (openinference-core traceAgent) over a CHAIN span over two chat calls; the AGENT span repeats the summed token counts and a model name',
    replies: TWO_STEPS('gpt-4o-2024-08-06').replies,
    notes: ['the AGENT span\'s token counts are set by the recorder through traceAgent\'s processOutput, as agent frameworks do; the LLM spans are the instrumentation\'s own'],
  },
  async ({ fake }) => {
    const openai = client(fake);
    const steps = traceChain(async (question) => {
      const draft = await openai.chat.completions.create({ model: 'gpt-4o', messages: messages(question) });
      const polished = await openai.chat.completions.create({ model: 'gpt-4o', messages: messages(`Polish: ${draft.choices[0].message.content}`) });
      return [draft, polished];
    }, { name: 'draft_and_polish' });
    const agent = traceAgent(async (question) => {
      const calls = await steps(question);
      return {
        answer: calls[1].choices[0].message.content,
        model: calls[1].model,
        usage: {
          prompt: calls.reduce((n, c) => n + c.usage.prompt_tokens, 0),
          completion: calls.reduce((n, c) => n + c.usage.completion_tokens, 0),
        },
      };
    }, { name: 'support_agent', processOutput: agentUsage });
    await agent(TWO_STEPS().question);
  },
);

await provider.shutdown();
await done();
