import { describe, expect, it } from 'vitest';
import { command as start } from '../../src/cli/commands/start.js';
import { captureIo } from '../support/capture-io.js';
import { useTmpDir } from '../support/tmp-dir.js';

const tmp = useTmpDir();

describe('npm start without a token', () => {
	it('runs the demo: the real bot against the sandbox, printed as a conversation, exit 0', async () => {
		const io = captureIo(tmp());
		expect(await start.run([], io)).toBe(0);
		const out = io.out();
		expect(out).toMatch(/^No DISCORD_TOKEN set: running the offline demo/);
		expect(out).toMatch(/── forum post: 403 Forbidden Error ──/);
		expect(out).toMatch(/Doorman \(bot\):/);
		// The seed thread went through OpenRouter: its documented support address, and the Azure message quoted.
		expect(out).toContain('**To:** support@openrouter.ai');
		expect(out).toMatch(/Message: Your resource has been temporarily blocked/);
		expect(out).toMatch(/stay quiet/);
		expect(out).toMatch(/Demo finished/);
	});

	it('stops with one line per configuration problem', async () => {
		const dir = tmp();
		const { writeFileSync } = await import('node:fs');
		writeFileSync(`${dir}/.env`, 'DISCORD_TOKEN=abc\nMATCH_THRESHOLD=2\n');
		const io = captureIo(dir);
		expect(await start.run([], io)).toBe(1);
		expect(io.err()).toMatch(/DISCORD_TOKEN: .*\n.*FORUM_CHANNEL_IDS|DISCORD_TOKEN/);
		expect(io.err()).toMatch(/MATCH_THRESHOLD: /);
	});
});
