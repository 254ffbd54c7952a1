import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import type { Sandbox } from '../../src/sandbox/index.js';

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
