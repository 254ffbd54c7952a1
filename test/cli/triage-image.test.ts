import { copyFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { command as simulate } from '../../src/cli/commands/simulate.js';
import { command as triageCommand } from '../../src/cli/commands/triage.js';
import type { Transcript } from '../../src/simulate/scenario.js';
import { captureIo } from '../support/capture-io.js';
import { useTmpDir } from '../support/tmp-dir.js';

const tmpDir = useTmpDir();
const SHOTS = path.join(import.meta.dirname, '..', 'fixtures', 'screenshots');

describe('doorman triage FILE with a screenshot', () => {
	it('reads the image with OCR and answers, quoting the line it read', async () => {
		const dir = tmpDir();
		copyFileSync(path.join(SHOTS, 'network-tab-openrouter.png'), path.join(dir, 'error.png'));
		const io = captureIo(dir);
		expect(await triageCommand.run(['error.png', '--json'], io)).toBe(0);
		const out = JSON.parse(io.out()) as { cause: string; reply: string };
		expect(out.cause).toBe('unsupported_region');
		expect(out.reply).toMatch(/^From your screenshot I read: `[^`]*not available in your region/);
	}, 60_000);

	it('says it cannot read images where the engine is missing, and asks for the text', async () => {
		const dir = tmpDir();
		copyFileSync(path.join(SHOTS, 'network-tab-openrouter.png'), path.join(dir, 'error.png'));
		writeFileSync(path.join(dir, '.env'), 'OCR_ENGINE_PATH=/nonexistent/tesseract\n');
		const io = captureIo(dir);
		expect(await triageCommand.run(['error.png'], io)).toBe(1);
		expect(io.err()).toBe(
			'doorman triage: cannot read images here: not installed (/nonexistent/tesseract); paste the error as text instead\n',
		);
	});
});

describe('doorman simulate with a screenshot attached by path', () => {
	it('posts the image beside the scenario and the bot reads it', async () => {
		const dir = tmpDir();
		copyFileSync(path.join(SHOTS, 'chat-banner-relay-quota.jpg'), path.join(dir, 'banner.jpg'));
		const scenario = {
			members: [{ name: 'ana' }],
			steps: [
				{
					post: { by: 'ana', title: '403', content: 'see image', attachments: [{ name: 'a.jpg', path: 'banner.jpg' }] },
				},
			],
		};
		writeFileSync(path.join(dir, 's.json'), JSON.stringify(scenario));
		const io = captureIo(dir);
		expect(await simulate.run(['s.json', '--json'], io)).toBe(0);
		const transcript = JSON.parse(io.out()) as Transcript;
		const bot = transcript.threads[0]?.messages.find((m) => m.author === 'bot');
		expect(bot?.content).toMatch(/^From your screenshot I read: `[^`]*该令牌额度已用尽/);
	}, 60_000);

	it('names a missing attachment file as a scenario problem', async () => {
		const dir = tmpDir();
		const scenario = {
			members: [{ name: 'ana' }],
			steps: [{ post: { by: 'ana', title: '403', content: 'x', attachments: [{ name: 'a.png', path: 'gone.png' }] } }],
		};
		writeFileSync(path.join(dir, 's.json'), JSON.stringify(scenario));
		const io = captureIo(dir);
		expect(await simulate.run(['s.json'], io)).toBe(1);
		expect(io.err()).toMatch(/steps\[0\]\.post\.attachments\[0\]\.path: no file gone\.png beside the scenario/);
	});
});
