import { Writable } from 'node:stream';
import { type Client, PermissionFlagsBits } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiscordCode, discordCall } from '../../src/discord/discord-call.js';
import { createLogger } from '../../src/log.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { startClient, stopClient } from '../sandbox/client-harness.js';

/** The bot's recommended permissions without Manage Messages: deleting a member's message is refused with 50013. */
const WITHOUT_MANAGE_MESSAGES =
	PermissionFlagsBits.ViewChannel |
	PermissionFlagsBits.SendMessages |
	PermissionFlagsBits.SendMessagesInThreads |
	PermissionFlagsBits.ReadMessageHistory |
	PermissionFlagsBits.ManageThreads;

interface LogLine {
	readonly level: number;
	readonly msg: string;
	readonly op?: string;
	readonly kind?: string;
	readonly code?: number;
	readonly ref?: string;
}

function capturedLogger() {
	const lines: LogLine[] = [];
	const sink = new Writable({
		write(chunk, _encoding, done) {
			for (const line of String(chunk).split('\n')) if (line.trim() !== '') lines.push(JSON.parse(line) as LogLine);
			done();
		},
	});
	return { logger: createLogger({ level: 'debug', format: 'json', destination: sink }), lines };
}

const WARN = 40;
const DEBUG = 20;

describe('discordCall against the sandbox (real discord.js REST errors)', () => {
	let sandbox: Sandbox;
	let client: Client<true>;

	beforeAll(async () => {
		sandbox = await startSandbox({ botPermissions: WITHOUT_MANAGE_MESSAGES });
		client = await startClient(sandbox);
	});
	afterAll(async () => {
		await stopClient(client);
		await sandbox.close();
	});

	it('logs a missing permission (50013) as forbidden with its code, at warn, never as "gone"', async () => {
		const { thread, message } = sandbox.createForumPost({ by: 'alice', title: 'perm', content: 'hello' });
		const { logger, lines } = capturedLogger();
		const channel = await client.channels.fetch(thread.id);
		if (channel === null || !channel.isThread()) throw new Error('expected the forum thread');
		const result = await discordCall(logger, 'key-delete', 'ref-perm', () => channel.messages.delete(message.id));
		expect(result).toEqual({ ok: false, failure: { kind: 'forbidden', code: DiscordCode.MissingPermissions } });
		expect(lines).toEqual([
			expect.objectContaining({
				level: WARN,
				msg: 'discord call failed',
				op: 'key-delete',
				ref: 'ref-perm',
				kind: 'forbidden',
				code: 50013,
			}),
		]);
		expect(sandbox.messages(thread.id).some((m) => m.id === message.id)).toBe(true);
	});

	it('logs an expected code (Unknown Message on a deleted message) at debug, and still returns the failure', async () => {
		const { thread } = sandbox.createForumPost({ by: 'alice', title: 'gone', content: 'hello' });
		const { logger, lines } = capturedLogger();
		const channel = await client.channels.fetch(thread.id);
		if (channel === null || !channel.isThread()) throw new Error('expected the forum thread');
		const missing = '1234567890123456789';
		const result = await discordCall(
			logger,
			'fetch-starter',
			'ref-gone',
			() => channel.messages.fetch({ message: missing, force: true }),
			[DiscordCode.UnknownMessage],
		);
		expect(result).toEqual({ ok: false, failure: { kind: 'gone', code: DiscordCode.UnknownMessage } });
		expect(lines).toEqual([
			expect.objectContaining({
				level: DEBUG,
				msg: 'discord call: expected failure',
				op: 'fetch-starter',
				code: 10008,
			}),
		]);
	});
});
