// Records the spans of OpenLLMetry JS (the Traceloop SDK with its OpenAI instrumentation): a chat
// call, streamed calls with and without usage in the stream, and a workflow with two tasks.
// `npm run record`.
import * as traceloop from '@traceloop/node-server-sdk';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import OpenAI from 'openai';
import { collector, record, versions, done } from '../harness/harness.mjs';
import { TWO_STEPS, messages, recordOpenAiChat, recordOpenAiStream } from '../harness/scenarios.mjs';

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

const common = { library, packages, flush };

await recordOpenAiChat(common, client);
await recordOpenAiStream(common, client, {
  includeUsage: true,
  notes: ['the instrumentation ignores the usage chunk and counts tokens itself with js-tiktoken (TRACELOOP_ENRICH_TOKENS, on by default): the recorded tokens are estimates'],
});

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
