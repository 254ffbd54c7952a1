import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApp } from '../app.js';
import type { Config } from '../config.js';
import type { Mailer } from '../escalation/ports.js';
import type { EscalationService } from '../escalation/service.js';
import type { EscalationRecord } from '../escalation/types.js';
import type { Logger } from '../log.js';
import { type Sandbox, startSandbox } from '../sandbox/index.js';
import type { TranscriptEntry } from '../sandbox/transcript.js';
import { processedMessageRepository } from '../store/processed-messages.js';
import type { Advisor } from '../thread/advice.js';
import type { Scenario, Step, Transcript, TranscriptMessage } from './scenario.js';

export interface SimulateOptions {
	readonly config: Config;
	readonly logger: Logger;
	readonly advisor: Advisor;
	/** Where attachment `path`s are read from: the scenario file's folder. @defaultValue the working directory */
	readonly baseDir?: string;
	/** Called after each step with the messages that step produced, for live printing. */
	readonly onStep?: (step: Step, transcript: Transcript) => void;
	/** Keep the scenario's database in this file (which must not exist yet) instead of a throw-away one. */
	readonly databasePath?: string;
}

/** A step that could not be played (a button no bot message has, a command the member cannot see). */
export class SimulationError extends Error {
	override readonly name = 'SimulationError';
	constructor(
		readonly stepIndex: number,
		message: string,
	) {
		super(`steps[${stepIndex}]: ${message.replace(/^sandbox: /, '')}`);
	}
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitUntil(check: () => boolean, timeoutMs: number): Promise<boolean> {
	const deadline = Date.now() + timeoutMs;
	while (!check()) {
		if (Date.now() > deadline) return false;
		await sleep(10);
	}
	return true;
}

/**
 * Plays a scenario against the real bot connected to a fresh local sandbox, with a throw-away database (or
 * `databasePath`, kept for inspection), and returns the transcript. The sandbox knows nothing of the bot; the bot is
 * the same composition `doorman start` runs.
 */
export async function simulate(scenario: Scenario, options: SimulateOptions): Promise<Transcript> {
	const dataDir = options.databasePath === undefined ? mkdtempSync(path.join(tmpdir(), 'doorman-sim-')) : null;
	const databasePath = options.databasePath ?? path.join(dataDir ?? '', 'doorman.db');
	// The sandbox has no mail server: emails are captured into the transcript instead of sent.
	const emails: Transcript['emails'] = [];
	const mailer: Mailer = {
		send: async (mail) => {
			emails.push({ to: mail.to, subject: mail.subject, text: mail.text });
			return { messageId: `<sim-${emails.length}@doorman.local>` };
		},
	};
	const sandbox = await startSandbox({
		members: scenario.members.map((m) => ({ name: m.name, roles: m.roles })),
	});
	try {
		const app = await createApp({
			config: { ...options.config, databasePath },
			logger: options.logger,
			token: sandbox.token,
			endpoint: { restApi: sandbox.restApiUrl, isLocalSandbox: true },
			advisor: options.advisor,
			mailer,
			forumChannelIds: [sandbox.channelId('help')],
			guildId: sandbox.guildId,
			moderatorChannelId: sandbox.channelId('moderators'),
			moderatorRoleIds: [sandbox.roleId('moderator')],
			helperRoleIds: [sandbox.roleId('helper')],
		});
		try {
			const processed = processedMessageRepository(app.db);
			const threadIds: string[] = [];
			for (const [index, step] of scenario.steps.entries()) {
				try {
					await play(sandbox, step, threadIds, (id) => processed.isProcessed(id), options.baseDir ?? process.cwd());
				} catch (error) {
					throw new SimulationError(index, error instanceof Error ? error.message : String(error));
				}
				await app.bot.idle();
				options.onStep?.(step, readTranscript(sandbox, threadIds, app.escalations, emails));
			}
			return readTranscript(sandbox, threadIds, app.escalations, emails);
		} finally {
			await app.stop();
		}
	} finally {
		await sandbox.close();
		if (dataDir !== null) rmSync(dataDir, { recursive: true, force: true });
	}
}

/** A scenario attachment as the sandbox takes it: its text, or the bytes of the file at its path. */
function attachmentFile(
	a: { readonly name: string; readonly text: string } | { readonly name: string; readonly path: string },
	baseDir: string,
): { filename: string; content: string | Uint8Array } {
	return { filename: a.name, content: 'text' in a ? a.text : readFileSync(path.resolve(baseDir, a.path)) };
}

async function play(
	sandbox: Sandbox,
	step: Step,
	threadIds: string[],
	isProcessed: (messageId: string) => boolean,
	baseDir: string,
): Promise<void> {
	const current = threadIds.at(-1);
	if ('post' in step) {
		const { thread, message } = sandbox.createForumPost({
			by: step.post.by,
			title: step.post.title,
			content: step.post.content,
			attachments: step.post.attachments.map((a) => attachmentFile(a, baseDir)),
		});
		threadIds.push(thread.id);
		await waitUntil(() => isProcessed(message.id), 15_000);
	} else if ('reply' in step && current !== undefined) {
		const message = sandbox.postMessage({
			channelId: current,
			by: step.reply.by,
			content: step.reply.content,
			attachments: step.reply.attachments.map((a) => attachmentFile(a, baseDir)),
		});
		await waitUntil(() => isProcessed(message.id), 15_000);
	} else if ('click' in step && current !== undefined) {
		const target = findButton(sandbox, current, step.click.button);
		if (target === null) throw new Error(`no bot message in the thread has a button labelled '${step.click.button}'`);
		const handle = sandbox.clickButton({ by: step.click.by, messageId: target.messageId, customId: target.customId });
		// The bot's idle() (after the step) waits for the deferred answer, the tag and the queue message.
		await handle.waitForCallback({ timeoutMs: 5000 }).catch(() => undefined);
	} else if ('edit' in step && current !== undefined) {
		const author = sandbox.userId(step.edit.by);
		const own = sandbox.messages(current).filter((m) => m.author.id === author);
		const target = step.edit.message === 'post' ? own.find((m) => m.id === current) : own.at(-1);
		if (target === undefined) throw new Error(`${step.edit.by} has no message in the thread to edit`);
		const before = sandbox.requests.length;
		sandbox.editMessage({ channelId: current, messageId: target.id, by: step.edit.by, content: step.edit.content });
		// An edit has no ledger entry to wait for: wait until the bot has gone quiet.
		await settleRequests(sandbox, before);
	} else if ('command' in step) {
		const registered = [...sandbox.commands(sandbox.guildId), ...sandbox.commands()].map((c) => c.name);
		if (!registered.includes(step.command.name)) {
			throw new Error(`/${step.command.name} is not a command the bot registered (${registered.join(', ')})`);
		}
		const handle = sandbox.slashCommand({
			by: step.command.by,
			name: step.command.name,
			...(step.command.subcommand === undefined ? {} : { subcommand: step.command.subcommand }),
			options: step.command.options,
			channelId: current ?? sandbox.channelId('moderators'),
		});
		await handle.waitForCallback({ timeoutMs: 5000 }).catch(() => undefined);
	}
	// Let follow-ups (tag edits, queue messages) that the step triggered arrive.
	await sleep(50);
}

/**
 * Waits until the bot has made at least one request since `since` and then none for `quietMs` (or made none at all
 * for three times that): an edit has no ledger entry to wait for.
 */
async function settleRequests(sandbox: Sandbox, since: number, quietMs = 300, maxMs = 20_000): Promise<void> {
	const deadline = Date.now() + maxMs;
	let seen = sandbox.requests.length;
	let quietSince = Date.now();
	while (Date.now() < deadline) {
		await sleep(25);
		const now = sandbox.requests.length;
		if (now !== seen) {
			seen = now;
			quietSince = Date.now();
		} else if (now > since && Date.now() - quietSince >= quietMs) return;
		else if (now === since && Date.now() - quietSince >= quietMs * 3) return;
	}
}

/** The latest bot message with an enabled button of that label; an error naming a disabled one if that is all. */
function findButton(sandbox: Sandbox, threadId: string, label: string): { messageId: string; customId: string } | null {
	const entries = sandbox.transcript(threadId).filter((e) => e.isBot);
	let disabled = false;
	for (const entry of entries.reverse()) {
		const button = entry.components.find((c) => c.label === label && c.customId !== undefined && !c.isDisabled);
		if (button?.customId !== undefined) return { messageId: entry.id, customId: button.customId };
		disabled ||= entry.components.some((c) => c.label === label && c.isDisabled);
	}
	if (disabled) throw new Error(`the button '${label}' is disabled (it was used already)`);
	return null;
}

/** A transcript message: `bot` for the bot, the member's name otherwise, ephemeral replies marked with their viewer. */
function toMessage(entry: TranscriptEntry): TranscriptMessage {
	return {
		author: entry.isBot ? 'bot' : entry.author,
		content: entry.content,
		buttons: [...entry.buttons],
		...(entry.visibleTo === undefined ? {} : { visibleTo: entry.visibleTo }),
		...(entry.isEdited ? { edited: true as const } : {}),
	};
}

function readTranscript(
	sandbox: Sandbox,
	threadIds: readonly string[],
	escalations: EscalationService,
	emails: Transcript['emails'],
): Transcript {
	const all: EscalationRecord[] = [];
	for (let page = 1; ; page++) {
		const list = escalations.list(null, page);
		all.push(...list.items);
		if (page >= list.pageCount) break;
	}
	return {
		threads: threadIds.map((id) => ({
			title: sandbox.thread(id).name ?? '',
			tags: sandbox.threadTags(id),
			messages: sandbox.transcript(id).map(toMessage),
		})),
		moderators: sandbox.transcript(sandbox.channelId('moderators')).map(toMessage),
		escalations: all
			.sort((a, b) => a.id - b.id)
			.map((e) => ({ thread: sandbox.thread(e.threadId).name ?? '', cause: e.cause, status: e.status })),
		emails: [...emails],
	};
}
