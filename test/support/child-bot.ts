import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach } from 'vitest';
import { type Sandbox, type SandboxOptions, startSandbox } from '../../src/sandbox/index.js';
import { waitFor } from './eventually.js';

const root = path.resolve(import.meta.dirname, '../..');

export interface ChildBot {
	readonly process: ChildProcess;
	readonly output: () => string;
	/** Resolves when the process has exited. */
	readonly exited: Promise<number | null>;
	kill(signal: NodeJS.Signals): Promise<number | null>;
}

/** Runs the built `doorman start` as a separate process against the sandbox, as an operator would. */
export function spawnBot(sandbox: Sandbox, databasePath: string, extraEnv: Record<string, string> = {}): ChildBot {
	const child = spawn(process.execPath, [path.join(root, 'dist/cli/index.js'), 'start'], {
		cwd: path.dirname(databasePath),
		env: {
			PATH: process.env.PATH ?? '',
			DISCORD_TOKEN: sandbox.token,
			DISCORD_API_URL: sandbox.restApiUrl,
			DISCORD_GUILD_ID: sandbox.guildId,
			FORUM_CHANNEL_IDS: sandbox.channelId('help'),
			MODERATOR_ROLE_IDS: sandbox.roleId('moderator'),
			HELPER_ROLE_IDS: sandbox.roleId('helper'),
			DATABASE_PATH: databasePath,
			LOG_LEVEL: 'info',
			LOG_FORMAT: 'json',
			...extraEnv,
		},
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let output = '';
	child.stdout?.on('data', (chunk: Buffer) => {
		output += chunk.toString();
	});
	child.stderr?.on('data', (chunk: Buffer) => {
		output += chunk.toString();
	});
	const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
	return {
		process: child,
		output: () => output,
		exited,
		async kill(signal) {
			if (child.exitCode === null && child.signalCode === null) child.kill(signal);
			return exited;
		},
	};
}

/** A sandbox, a data folder and the bot processes started on them, one after another. */
export interface ChildBotWorld {
	readonly sandbox: Sandbox;
	/** The data folder (the database and anything the bot writes beside it). */
	readonly dir: string;
	readonly db: string;
	/** The latest bot started. */
	readonly bot: ChildBot;
	/** Starts the bot on the same database and sandbox; with `ready`, waits until its output matches it. */
	start(ready?: RegExp, timeoutMs?: number): Promise<ChildBot>;
	/** `waitFor`, failing with the end of the latest bot's output. */
	waitUntil(check: () => boolean, what: string, timeoutMs?: number): Promise<void>;
	/** Reads the bot's database (read-only) while it runs. */
	readDb<T>(read: (db: Database.Database) => T): T;
}

export interface ChildBotWorldOptions {
	readonly sandbox?: SandboxOptions;
	/** Environment of every start, over `spawnBot`'s own. */
	readonly env?: (sandbox: Sandbox) => Record<string, string>;
	/** Closed after the bot and the sandbox (an SMTP server the bot talks to, …). */
	readonly close?: () => Promise<void>;
}

/**
 * Worlds for tests that run the bot as a child process; each is torn down after its test (the bot killed, the sandbox
 * closed, the data folder removed).
 */
export function useChildBotWorlds(): (options?: ChildBotWorldOptions) => Promise<ChildBotWorld> {
	const teardowns: (() => Promise<void>)[] = [];
	afterEach(async () => {
		for (const teardown of teardowns.splice(0)) await teardown();
	});
	return async (options = {}) => {
		const sandbox = await startSandbox(options.sandbox ?? {});
		const dir = mkdtempSync(path.join(tmpdir(), 'doorman-child-'));
		const db = path.join(dir, 'doorman.db');
		const env = options.env?.(sandbox) ?? {};
		let current: ChildBot | null = null;
		const output = () => current?.output() ?? '';
		teardowns.push(async () => {
			await current?.kill('SIGKILL');
			await sandbox.close();
			await options.close?.();
			rmSync(dir, { recursive: true, force: true });
		});
		const world: ChildBotWorld = {
			sandbox,
			dir,
			db,
			get bot() {
				if (current === null) throw new Error('the bot was never started');
				return current;
			},
			async start(ready, timeoutMs) {
				const bot = spawnBot(sandbox, db, env);
				current = bot;
				if (ready !== undefined) await world.waitUntil(() => ready.test(bot.output()), `${ready}`, timeoutMs);
				return bot;
			},
			async waitUntil(check, what, timeoutMs) {
				try {
					await waitFor(check, what, timeoutMs);
				} catch (error) {
					throw new Error(`${(error as Error).message}\n${output().slice(-3000)}`);
				}
			},
			readDb(read) {
				const handle = new Database(db, { readonly: true });
				try {
					return read(handle);
				} finally {
					handle.close();
				}
			},
		};
		return world;
	};
}
