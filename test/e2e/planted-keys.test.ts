import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { command as escalationsCli } from '../../src/cli/commands/escalations.js';
import { type BotHarness, startBotHarness } from '../support/bot-harness.js';
import { captureIo } from '../support/capture-io.js';
import { waitFor } from '../support/eventually.js';
import { type FakeOpenAi, startFakeOpenAi } from '../support/fake-openai.js';
import { type PlantedKey, plantedKeys } from '../support/key-formats.js';
import { PLANTED_KEYS_SUMMARY_ENV, type PlantedKeysSummary } from '../support/planted-keys-summary.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.js';
import { botMessages, lastButton } from '../support/transcript.js';

let harness: BotHarness | undefined;
let smtp: TestSmtpServer | undefined;
let llm: FakeOpenAi | undefined;
afterEach(async () => {
	await harness?.stop();
	await smtp?.close();
	await llm?.close();
	harness = undefined;
	smtp = undefined;
	llm = undefined;
});

const KEYS = plantedKeys();

/** A post the knowledge base answers (OpenRouter BYOK), so the hand-off has a vendor with a support address. */
const BYOK_ERROR =
	"openai.PermissionDeniedError: Error code: 403 - {'error': {'message': 'OpenAI is requiring a key to access this model, which you can add in https://openrouter.ai/settings/integrations - you can also switch to gpt-5-chat or gpt-5-mini.', 'code': 403}}\nclient = OpenAI(base_url=\"https://openrouter.ai/api/v1\") model=\"openai/o3\"";

/** Where a key was planted, through the real path. */
const PLACES = [
	'thread title',
	'first post',
	'attachment',
	'follow-up post',
	'/escalations resolve note',
	'CLI resolve note',
] as const;

/** Where the test looks for every key afterwards. */
const SINKS = [
	'database file, WAL and shm',
	'pino log lines',
	'Discord requests',
	'Discord messages and attachments',
	'emails',
	'LLM requests',
] as const;

/** One format through every place: post, hand-off, email, a moderator's note, a second hand-off, the CLI. */
async function plant(h: BotHarness, key: PlantedKey, index: number): Promise<void> {
	const { sandbox } = h;
	const mods = sandbox.channelId('moderators');
	const { thread, message } = sandbox.createForumPost({
		by: 'alice',
		title: `o3 403 ${key.text}`,
		content: `${BYOK_ERROR}\nmy key is ${key.text}`,
		attachments: [{ filename: 'message.txt', content: `request headers:\n${key.text}\nHTTP/1.1 403 Forbidden` }],
	});
	await h.settle(message.id);
	const queued = botMessages(sandbox, mods).length;
	await sandbox.clickButton({ by: 'alice', ...lastButton(sandbox, thread.id, "Didn't help") }).waitForCallback();
	await waitFor(() => botMessages(sandbox, mods).length === queued + 1, 'queue message');
	const mailed = smtp?.received.length ?? 0;
	await sandbox.clickButton({ by: 'mod', ...lastButton(sandbox, mods, 'Email support') }).waitForCallback();
	await waitFor(() => smtp?.received.length === mailed + 1, 'email');
	const first = 2 * index + 1;
	await sandbox
		.slashCommand({
			by: 'mod',
			name: 'escalations',
			subcommand: 'resolve',
			options: { id: first, cause: 'unsupported_region', note: `vendor says rotate ${key.text}` },
			channelId: mods,
		})
		.waitForCallback();
	await h.app.bot.idle();
	const again = sandbox.postMessage({
		channelId: thread.id,
		by: 'alice',
		content: `still 403, can I talk to a human? I also tried ${key.text}`,
	});
	await h.settle(again.id);
	await waitFor(() => botMessages(sandbox, mods).length === queued + 2, 'second queue message');
	const io = captureIo(h.dataDir);
	const args = ['resolve', String(first + 1), '--cause', 'unsupported_region', '--note', `pasted ${key.text}`];
	const code = await escalationsCli.run([...args, '--db', path.join(h.dataDir, 'doorman.db')], io);
	expect(code, io.err()).toBe(0);
}

/** Everything that was stored or left the process, by sink. */
async function collectSinks(h: BotHarness): Promise<Record<(typeof SINKS)[number], string>> {
	const { sandbox } = h;
	const channels = [...new Set(sandbox.requests.flatMap((r) => /^\/channels\/(\d+)/.exec(r.path)?.[1] ?? []))];
	const messages = channels.flatMap((id) => {
		try {
			return sandbox.messages(id);
		} catch {
			return [];
		}
	});
	const bodies = await Promise.all(
		messages
			.filter((m) => m.author.bot === true)
			.flatMap((m) => m.attachments.map((a) => fetch(a.url).then((r) => r.text()))),
	);
	// What the bot wrote, not the member message Discord embeds in a reply (`referenced_message`).
	const botText = messages
		.filter((m) => m.author.bot === true)
		.map((m) => JSON.stringify({ content: m.content, embeds: m.embeds, components: m.components }));
	return {
		'database file, WAL and shm': readdirSync(h.dataDir)
			.map((f) => readFileSync(path.join(h.dataDir, f)).toString('latin1'))
			.join('\n'),
		'pino log lines': h.logs.join('\n'),
		'Discord requests': sandbox.requests
			.filter((r) => r.method !== 'GET')
			.map((r) => JSON.stringify({ path: r.path, query: r.query, body: r.body ?? null }))
			.join('\n'),
		'Discord messages and attachments': [...botText, ...bodies].join('\n'),
		emails: (smtp?.received ?? []).map((m) => `${m.raw}\n${m.text}\n${[...m.headers.values()].join('\n')}`).join('\n'),
		'LLM requests': (llm?.requests ?? []).map((r) => `${r.path}\n${r.raw}`).join('\n'),
	};
}

describe('no planted key is stored or sent (real discord.js ↔ sandbox, SQLite file, smtp-server, OpenAI-compatible server)', () => {
	it(`plants ${KEYS.length} key formats in ${PLACES.length} places and finds none in ${SINKS.length} sinks`, async () => {
		smtp = await startSmtpServer();
		llm = await startFakeOpenAi();
		harness = await startBotHarness({
			advisor: 'kb',
			env: {
				SMTP_HOST: smtp.host,
				SMTP_PORT: String(smtp.port),
				SMTP_FROM: 'Doorman <bot@community.test>',
				LLM_BASE_URL: llm.baseUrl,
				LLM_MODEL: 'test-model',
				LLM_API_KEY: 'test-llm-key',
				LLM_PHRASE: 'true',
			},
		});
		for (const [index, key] of KEYS.entries()) await plant(harness, key, index);
		await harness.app.bot.idle();
		// The real paths were taken: every format reached an email, the LLM and the moderators' notes.
		expect(smtp.received).toHaveLength(KEYS.length);
		expect(llm.chatRequests().length).toBeGreaterThanOrEqual(KEYS.length);
		const sinks = await collectSinks(harness);
		const leaks = KEYS.flatMap((key) =>
			SINKS.filter((sink) => sinks[sink].includes(key.secret)).map((sink) => `${key.format} → ${sink}`),
		);
		// For `npm run bench -- faults`, which puts these figures in BENCHMARKS.md (written before the check, so a leak
		// is counted there too).
		const summaryFile = process.env[PLANTED_KEYS_SUMMARY_ENV];
		if (summaryFile !== undefined && summaryFile !== '') {
			const summary: PlantedKeysSummary = {
				formats: KEYS.length,
				places: [...PLACES],
				sinks: [...SINKS],
				leaks: leaks.length,
			};
			writeFileSync(summaryFile, JSON.stringify(summary));
		}
		expect(leaks).toEqual([]);
		const notes = harness.app.db
			.prepare(`SELECT note FROM escalations WHERE note IS NOT NULL ORDER BY id`)
			.pluck()
			.all() as string[];
		expect(notes).toHaveLength(2 * KEYS.length);
		expect(notes.every((n) => n.includes('[REDACTED:'))).toBe(true);
		console.info(
			`planted keys: ${KEYS.length} formats × ${PLACES.length} places, scanned in ${SINKS.length} sinks: ${leaks.length} leaks`,
		);
	}, 240_000);
});
