import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { type App, createApp } from '../../src/app.js';
import { parseConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { type Sandbox, type SandboxOptions, startSandbox } from '../../src/sandbox/index.js';
import { processedMessageRepository } from '../../src/store/processed-messages.js';
import type { Advisor } from '../../src/thread/advice.js';
import { EVENTUALLY_MS } from './eventually.js';

export interface BotHarness {
	readonly sandbox: Sandbox;
	readonly app: App;
	readonly dataDir: string;
	/** Every log line the bot wrote (JSON), for log-hygiene assertions. */
	readonly logs: string[];
	/** Resolves once the bot has recorded `messageId` as processed and finished its work. */
	settle(messageId: string, timeoutMs?: number): Promise<void>;
	restart(): Promise<BotHarness>;
	stop(): Promise<void>;
}

export const echoAdvisor: Advisor = async (post) => ({
	triage: null,
	match: null,
	advice: { kind: 'ask', content: `ack: ${post.title}`, nextState: 'needs_info', reason: 'TEST' },
});

/** An advisor that always answers with a confident match of an OpenRouter entry (support@openrouter.ai in kb/vendors). */
export const answeringAdvisor: Advisor = async () => ({
	triage: null,
	match: {
		entryId: 'test-entry',
		cause: 'unsupported_region',
		title: 'Region not supported',
		confidence: 0.9,
		abstained: false,
		confident: true,
		vendorNeeded: false,
		providers: ['openrouter'],
	},
	advice: { kind: 'answer', content: 'Do X.', nextState: 'answered', reason: 'MATCHED:test' },
});

/** The real app (same composition as `doorman start`) against a fresh sandbox and a temp database. */
export async function startBotHarness(
	options: {
		/** `'kb'`: the real advisor over the shipped knowledge base. */
		advisor?: Advisor | 'kb';
		sandbox?: SandboxOptions;
		env?: Record<string, string>;
		/** Keep discord.js's production REST pacing (50 req/s) instead of the test speed-ups. */
		productionRest?: boolean;
	} = {},
	existing?: { sandbox: Sandbox; dataDir: string; logs: string[] },
): Promise<BotHarness> {
	const sandbox = existing?.sandbox ?? (await startSandbox(options.sandbox ?? {}));
	const dataDir = existing?.dataDir ?? mkdtempSync(path.join(tmpdir(), 'doorman-e2e-'));
	const logs = existing?.logs ?? [];
	const parsed = parseConfig({ DATABASE_PATH: path.join(dataDir, 'doorman.db'), ...options.env }, dataDir);
	if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
	const sink = new Writable({
		write(chunk, _encoding, done) {
			logs.push(String(chunk));
			done();
		},
	});
	const app = await createApp({
		config: parsed.config,
		logger: createLogger({ level: 'debug', format: 'json', destination: sink }),
		token: sandbox.token,
		endpoint: { restApi: sandbox.restApiUrl, isLocalSandbox: options.productionRest !== true },
		// 'kb': the app builds its own advisor, exactly as `doorman start` does (KB, plus the LLM when configured).
		...(options.advisor === 'kb' ? {} : { advisor: options.advisor ?? echoAdvisor }),
		forumChannelIds: [sandbox.channelId('help')],
		guildId: sandbox.guildId,
		moderatorChannelId: sandbox.channelId('moderators'),
		moderatorRoleIds: [sandbox.roleId('moderator')],
		helperRoleIds: [sandbox.roleId('helper')],
	});
	const processed = processedMessageRepository(app.db);
	const harness: BotHarness = {
		sandbox,
		app,
		dataDir,
		logs,
		async settle(messageId, timeoutMs = EVENTUALLY_MS) {
			const deadline = Date.now() + timeoutMs;
			while (!processed.isProcessed(messageId)) {
				if (Date.now() > deadline) throw new Error(`message ${messageId} was not processed in ${timeoutMs} ms`);
				await new Promise((resolve) => setTimeout(resolve, 10));
			}
			await app.bot.idle();
		},
		async restart() {
			await app.stop().catch(() => {});
			return startBotHarness(options, { sandbox, dataDir, logs });
		},
		async stop() {
			await app.stop();
			await sandbox.close();
			rmSync(dataDir, { recursive: true, force: true });
		},
	};
	return harness;
}
