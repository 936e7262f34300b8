// Records the spans of OpenLLMetry JS (the Traceloop SDK with its OpenAI instrumentation): a chat
// call, streamed calls with and without usage in the stream, and a workflow with two tasks.
// `npm run record`.
import * as traceloop from '@traceloop/node-server-sdk';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import OpenAI from 'openai';
import { collector, record, reply, versions, done } from '../harness/harness.mjs';

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
const SYSTEM = 'You are a terse assistant. Answer in one sentence.';
const client = (fake) => new OpenAI({ baseURL: fake.openAiBaseUrl, apiKey: 'sk-fake' });
const messages = (question) => [
  { role: 'system', content: SYSTEM },
  { role: 'user', content: question },
];

await record(
  {
    library, packages, flush, scenario: 'chat',
    description: 'chat.completions.create on gpt-4o; the answer names the dated snapshot and reports 1024 cached tokens',
    replies: [reply({ text: 'Paris is the capital of France.', model: 'gpt-4o-2024-08-06', usage: { input: 1234, output: 56, cachedInput: 1024 } })],
  },
  async ({ fake }) => {
    await client(fake).chat.completions.create({ model: 'gpt-4o', messages: messages('What is the capital of France?') });
  },
);

await record(
  {
    library, packages, flush, scenario: 'stream-with-usage',
    description: 'a streamed chat call that asks for usage in the stream (stream_options.include_usage)',
    replies: [reply({ text: 'Streams deliver the answer piece by piece as it is generated.', model: 'gpt-4o-mini-2024-07-18', usage: { input: 987, output: 65 } })],
    notes: ['the instrumentation ignores the usage chunk and counts tokens itself with js-tiktoken (TRACELOOP_ENRICH_TOKENS, on by default): the recorded tokens are estimates'],
  },
  async ({ fake }) => {
    const stream = await client(fake).chat.completions.create({
      model: 'gpt-4o-mini', messages: messages('How does streaming work?'), stream: true, stream_options: { include_usage: true },
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
    replies: [
      reply({ text: 'Reset it from the settings page.', model: 'gpt-4o-2024-08-06', usage: { input: 820, output: 24 } }),
      reply({ text: 'You can reset your password from the settings page.', model: 'gpt-4o-mini-2024-07-18', usage: { input: 310, output: 31 } }),
    ],
  },
  async ({ fake }) => {
    const openai = client(fake);
    await traceloop.withWorkflow({ name: 'support_answer' }, async () => {
      const draft = await traceloop.withTask({ name: 'draft' }, () =>
        openai.chat.completions.create({ model: 'gpt-4o', messages: messages('How do I reset my password?') }));
      return traceloop.withTask({ name: 'polish' }, () =>
        openai.chat.completions.create({ model: 'gpt-4o-mini', messages: messages(`Polish: ${draft.choices[0].message.content}`) }));
    });
  },
);

await done();
process.exit(0);
