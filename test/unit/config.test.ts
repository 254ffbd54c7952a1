import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig, readEnvironment, settingNames } from '../../src/config.js';

const TOKEN = 'fake-token-for-tests-0000000000000000';
const FORUM = '1200000000000000001';

describe('config', () => {
	it('gives sane defaults with an empty environment (demo mode)', () => {
		const result = parseConfig({}, '/srv');
		if (!result.ok) throw new Error(result.problems.join('\n'));
		expect(result.config).toMatchObject({
			discordToken: null,
			databasePath: '/srv/data/doorman.db',
			logLevel: 'info',
			matchThreshold: 0.6,
			tags: { needsInfo: 'Needs info', answered: 'Answered', escalated: 'Escalated', solved: 'Solved' },
		});
		expect(Object.isFrozen(result.config)).toBe(true);
	});

	it('reads screenshots with tesseract by default, in a child environment that holds no token', () => {
		const result = parseConfig({ DISCORD_TOKEN: TOKEN, FORUM_CHANNEL_IDS: FORUM, PATH: '/usr/bin' }, '/srv');
		if (!result.ok) throw new Error(result.problems.join('\n'));
		expect(result.config.ocr).toEqual({
			enginePath: 'tesseract',
			languages: 'eng+chi_sim',
			timeoutMs: 15_000,
			maxBytes: 8 * 1024 * 1024,
			concurrency: 1,
			env: { PATH: '/usr/bin' },
		});
		const off = parseConfig({ OCR_ENABLED: 'false' }, '/srv');
		expect(off.ok && off.config.ocr).toBeNull();
		const bad = parseConfig({ OCR_LANGUAGES: 'eng; rm -rf', OCR_CONCURRENCY: '50' }, '/srv');
		expect(bad.ok ? [] : bad.problems.map((p) => p.split(':')[0])).toEqual(['OCR_LANGUAGES', 'OCR_CONCURRENCY']);
	});

	it('treats empty values as unset', () => {
		const result = parseConfig({ DISCORD_TOKEN: '', LOG_LEVEL: '  ', MATCH_THRESHOLD: '' }, '/srv');
		expect(result.ok && result.config.discordToken === null && result.config.logLevel === 'info').toBe(true);
	});

	it('parses lists, numbers and paths', () => {
		const result = parseConfig(
			{
				DISCORD_TOKEN: TOKEN,
				FORUM_CHANNEL_IDS: `${FORUM}, 1200000000000000002`,
				MATCH_THRESHOLD: '0.7',
				DATABASE_PATH: 'db/x.db',
			},
			'/srv',
		);
		if (!result.ok) throw new Error(result.problems.join('\n'));
		expect(result.config.forumChannelIds).toEqual([FORUM, '1200000000000000002']);
		expect(result.config.matchThreshold).toBe(0.7);
		expect(result.config.databasePath).toBe('/srv/db/x.db');
	});

	it('reports every problem at once, one line each, naming the variable and the fix', () => {
		const result = parseConfig(
			{ DISCORD_TOKEN: TOKEN, MATCH_THRESHOLD: '7', LOG_LEVEL: 'loud', MODERATOR_CHANNEL_ID: 'mods' },
			'/srv',
		);
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.problems).toHaveLength(4);
		expect(result.problems.find((p) => p.startsWith('MATCH_THRESHOLD:'))).toMatch(/0 to 1/);
		expect(result.problems.find((p) => p.startsWith('LOG_LEVEL:'))).toMatch(/debug/);
		expect(result.problems.find((p) => p.startsWith('MODERATOR_CHANNEL_ID:'))).toMatch(/Discord id/);
		expect(result.problems.find((p) => p.startsWith('FORUM_CHANNEL_IDS:'))).toMatch(/required when DISCORD_TOKEN/);
	});

	it('builds SMTP settings only when a host is set, and checks what goes with it', () => {
		const none = parseConfig({}, '/srv');
		expect(none.ok && none.config.smtp).toBeNull();
		const tls = parseConfig({ SMTP_HOST: 'mail.test', SMTP_FROM: 'Doorman <d@x.test>', SMTP_SECURE: 'true' }, '/srv');
		expect(tls.ok && tls.config.smtp).toEqual({
			host: 'mail.test',
			port: 465,
			secure: true,
			from: 'Doorman <d@x.test>',
		});
		const plain = parseConfig({ SMTP_HOST: 'mail.test', SMTP_FROM: 'd@x.test', SMTP_SECURE: 'false' }, '/srv');
		expect(plain.ok && plain.config.smtp?.port).toBe(587);
		const bad = parseConfig({ SMTP_HOST: 'mail.test', SMTP_USER: 'u', SMTP_SECURE: 'maybe' }, '/srv');
		expect(bad.ok ? [] : bad.problems.map((p) => p.split(':')[0])).toEqual([
			'SMTP_SECURE',
			'SMTP_FROM',
			'SMTP_PASSWORD',
		]);
	});

	it('CATCH_UP_WINDOW_HOURS: 0 by default, whole hours up to a year, a clear line otherwise', () => {
		const none = parseConfig({}, '/srv');
		expect(none.ok && none.config.catchUpWindowHours).toBe(0);
		const set = parseConfig({ CATCH_UP_WINDOW_HOURS: '48' }, '/srv');
		expect(set.ok && set.config.catchUpWindowHours).toBe(48);
		for (const bad of ['-1', '1.5', 'soon', '9000']) {
			const result = parseConfig({ CATCH_UP_WINDOW_HOURS: bad }, '/srv');
			expect(result.ok ? [] : result.problems).toEqual([
				expect.stringMatching(/^CATCH_UP_WINDOW_HOURS: .*first start/),
			]);
		}
	});

	it('reads .env, with the real environment taking precedence', () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'doorman-env-'));
		writeFileSync(path.join(dir, '.env'), 'DOORMAN_TEST_ONLY_A=from-file\nPATH=from-file\n');
		const env = readEnvironment(dir);
		expect(env.DOORMAN_TEST_ONLY_A).toBe('from-file');
		expect(env.PATH).not.toBe('from-file');
	});

	it('documents every setting in .env.example', async () => {
		const { readFileSync } = await import('node:fs');
		const example = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8');
		for (const name of settingNames()) expect(example, name).toMatch(new RegExp(`^#? ?${name}=`, 'm'));
	});
});
