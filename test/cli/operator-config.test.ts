import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { command as start } from '../../src/cli/commands/start.js';
import { parseConfig } from '../../src/config.js';
import { captureIo } from '../support/capture-io.js';
import { useTmpDir } from '../support/tmp-dir.js';

const tmp = useTmpDir();

/** The `ENV` settings of the Dockerfile's last (runtime) stage, continuation lines joined. */
function runtimeEnv(dockerfile: string): Record<string, string> {
	const stages = dockerfile.replace(/\\\n/g, ' ').split(/^FROM /m);
	const runtime = stages.at(-1) ?? '';
	const env: Record<string, string> = {};
	for (const line of runtime.split('\n')) {
		const m = /^ENV\s+(.*)$/.exec(line.trim());
		if (m?.[1] === undefined) continue;
		for (const pair of m[1].trim().split(/\s+/)) {
			const [key, ...value] = pair.split('=');
			if (key !== undefined && value.length > 0) env[key] = value.join('=');
		}
	}
	return env;
}

describe('operators: start-up checks', () => {
	it('warns about a misspelt setting with the closest known name, and a required token stops the demo', async () => {
		const dir = tmp();
		writeFileSync(path.join(dir, '.env'), 'DISCORD_TOKE=abc.def.ghi-0123456789-token\nDISCORD_TOKEN_REQUIRED=true\n');
		const io = captureIo(dir);
		expect(await start.run([], io)).toBe(1);
		expect(io.err()).toContain(
			'doorman: warning: DISCORD_TOKE (in .env) is not a Doorman setting; did you mean DISCORD_TOKEN?',
		);
		expect(io.err()).toMatch(/- DISCORD_TOKEN: required here \(DISCORD_TOKEN_REQUIRED=true/);
		expect(io.out()).not.toMatch(/offline demo/);
	});

	it('the container image never runs the demo: without a token its settings are a configuration error', () => {
		const env = runtimeEnv(readFileSync(new URL('../../Dockerfile', import.meta.url), 'utf8'));
		expect(env.DISCORD_TOKEN_REQUIRED).toBe('true');
		const parsed = parseConfig(env, '/app');
		expect(parsed.ok).toBe(false);
		expect(parsed.ok ? [] : parsed.problems).toEqual([expect.stringMatching(/^DISCORD_TOKEN: required here/)]);
		const withToken = parseConfig(
			{ ...env, DISCORD_TOKEN: 'a-real-looking-bot-token-1234567890', FORUM_CHANNEL_IDS: '123456789012345678' },
			'/app',
		);
		expect(withToken.ok).toBe(true);
	});
});
