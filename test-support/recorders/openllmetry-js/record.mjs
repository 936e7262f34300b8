// Records the spans of OpenLLMetry JS (the Traceloop SDK with its OpenAI instrumentation): a chat
// call, streamed calls with and without usage in the stream, and a workflow with two tasks.
// `npm run record`.
import * as traceloop from '@traceloop/node-server-sdk';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import OpenAI from 'openai';
import { collector, record, versions, done } from '../harness/harness.mjs';
import { CHAT, STREAM, TWO_STEPS, messages } from '../harness/scenarios.mjs';

const library = 'openllmetry-js';
const packages = versions(import.meta.dirname, ['@traceloop/node-server-sdk', '@traceloop/instrumentation-openai', 'openai', '@opentelemetry/exporter-trace-otlp-proto']);

traceloop.initialize({
  appName: 'recorder-openllmetry-js',
  // no prompt registry sync: it would call Traceloop's cloud
  traceloopSyncEnabled: false,
  disableBatch: true,
  silenceInitializationMessage: true,
  exporter: new OTLPTraceExporter({ url: (await collector()).url }),
  instrumentModules: { openAI: OpenAI },
});
const flush = () => traceloop.forceFlush();
const client = (fake) => new OpenAI({ baseURL: fake.openAiBaseUrl, apiKey: 'sk-fake' });

await record(
  {
    library, packages, flush, scenario: 'chat',
    description: 'chat.completions.create on gpt-4o; the answer names the dated snapshot and reports 1024 cached tokens',
    replies: CHAT.replies,
  },
  async ({ fake }) => {
    await client(fake).chat.completions.create({ model: 'gpt-4o', messages: messages(CHAT.question) });
  },
);

await record(
  {
    library, packages, flush, scenario: 'stream-with-usage',
    description: 'a streamed chat call that asks for usage in the stream (stream_options.include_usage)',
    replies: STREAM.replies,
    notes: ['the instrumentation ignores the usage chunk and counts tokens itself with js-tiktoken (TRACELOOP_ENRICH_TOKENS, on by default): the recorded tokens are estimates'],
  },
  async ({ fake }) => {
    const stream = await client(fake).chat.completions.create({
      model: 'gpt-4o-mini', messages: messages(STREAM.question), stream: true, stream_options: { include_usage: true },
    });
    for await (const _ of stream) {
      // drain
    }
  },
);

await record(
  {
    library, packages, flush, scenario: 'workflow',
    description: 'withWorkflow "support_answer" running two withTask calls ("draft", "polish"), each one chat call',
    replies: TWO_STEPS('gpt-4o-mini-2024-07-18').replies,
  },
  async ({ fake }) => {
    const openai = client(fake);
    await traceloop.withWorkflow({ name: 'support_answer' }, async () => {
      const draft = await traceloop.withTask({ name: 'draft' }, () =>
        openai.chat.completions.create({ model: 'gpt-4o', messages: messages(TWO_STEPS().question) }));
      return traceloop.withTask({ name: 'polish' }, () =>
        openai.chat.completions.create({ model: 'gpt-4o-mini', messages: messages(`Polish: ${draft.choices[0].message.content}`) }));
    });
  },
);

await done();
process.exit(0);
