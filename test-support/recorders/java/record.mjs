// Builds the Maven recorder beside this file, then runs each scenario in its own JVM against a
// fresh fake provider: `npm run record:spring-ai`, `npm run record:langchain4j`.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { collector, record, done } from '../harness/harness.mjs';
import { CHAT, STREAM, TOOL_CALL } from '../harness/scenarios.mjs';

const dir = import.meta.dirname;
const mvn = path.resolve(dir, '../../../mvnw');
// MAVEN_ARGS (e.g. -Dmaven.repo.local=...) is honoured by the wrapper as usual
execFileSync(mvn, ['-B', '-q', 'compile', 'dependency:build-classpath', '-Dmdep.outputFile=target/classpath.txt'], { cwd: dir, stdio: 'inherit' });
const classpath = `${path.join(dir, 'target/classes')}${path.delimiter}${fs.readFileSync(path.join(dir, 'target/classpath.txt'), 'utf8').trim()}`;
const pom = fs.readFileSync(path.join(dir, 'pom.xml'), 'utf8');
const property = (name) => pom.match(new RegExp(`<${name}>([^<]+)</${name}>`))[1];
const java = process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
const javaVersion = spawnSync(java, ['-version'], { encoding: 'utf8' }).stderr.split('\n')[0];

const SCENARIOS = {
  'spring-ai': {
    packages: { 'org.springframework.ai:spring-ai-bom': property('spring-ai.version'), 'org.springframework.boot:spring-boot-dependencies': property('spring-boot.version') },
    scenarios: [
      {
        scenario: 'chat',
        description: 'ChatClient.prompt().system(...).user(...).call() on OpenAiChatModel gpt-4o; the answer names the dated snapshot and reports 1024 cached tokens',
        replies: CHAT.replies,
      },
      {
        scenario: 'stream',
        description: 'ChatClient ... .stream().content() on gpt-4o-mini with streamUsage(true)',
        replies: STREAM.replies,
      },
      {
        scenario: 'tool-call',
        description: 'ChatClient with one @Tool: the model answers with a tool call, Spring AI runs it and calls the model again',
        replies: TOOL_CALL.replies,
      },
    ],
  },
  langchain4j: {
    packages: { 'dev.langchain4j:langchain4j-bom': property('langchain4j.version') },
    notes: ['LangChain4j 1.19 reports each model call to its ChatModelListener; no OpenTelemetry module of it resolves from Maven Central (the BOM lists langchain4j-observation 1.19.0-beta29, not published), so the recorder\'s listener (JavaRecorder.GenAiSpans) writes OTel GenAI attributes from LangChain4j\'s own ChatResponse, as Quarkus LangChain4j does. The usage is LangChain4j\'s parse of the provider answer; the attribute names are the recorder\'s'],
    scenarios: [
      {
        scenario: 'chat',
        description: 'OpenAiChatModel.chat(system, user) on gpt-4o; the answer names the dated snapshot and reports 1024 cached tokens',
        replies: CHAT.replies,
      },
      {
        scenario: 'stream',
        description: 'OpenAiStreamingChatModel.chat on gpt-4o-mini',
        replies: STREAM.replies,
      },
      {
        scenario: 'tool-call',
        description: 'an AiServices assistant with one @Tool inside an application span: a tool call, then the answer',
        replies: TOOL_CALL.replies,
      },
    ],
  },
};

const otlp = await collector();
for (const library of process.argv.slice(2)) {
  const spec = SCENARIOS[library];
  if (!spec) throw new Error(`unknown library ${library}`);
  for (const s of spec.scenarios) {
    await record(
      { library, packages: { ...spec.packages, java: javaVersion }, notes: spec.notes, flush: async () => {}, ...s },
      async ({ fake }) => {
        // asynchronously: the fake provider and the OTLP endpoint answer from this event loop.
        // The JVM exports each span as it ends and flushes before it exits.
        await new Promise((resolve, reject) => {
          const jvm = spawn(java, ['-cp', classpath, 'io.lumina.recorders.JavaRecorder', library, s.scenario], {
            stdio: 'inherit',
            env: { ...process.env, FAKE_OPENAI_BASE_URL: fake.openAiBaseUrl, OTLP_TRACES_URL: otlp.url },
          });
          jvm.on('error', reject);
          jvm.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${library}/${s.scenario}: the JVM exited with ${code}`))));
        });
      },
    );
  }
}
await done();
