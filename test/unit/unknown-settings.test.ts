import { describe, expect, it } from 'vitest';
import { settingNames, unknownSettingWarnings } from '../../src/config.js';
import { closestSetting, editDistance, findUnknownSettings } from '../../src/unknown-settings.js';

const known = settingNames();

describe('unknown settings: warned about with the closest known name', () => {
	it('measures edits, transpositions included', () => {
		expect(editDistance('DISCORD_TOKE', 'DISCORD_TOKEN')).toBe(1);
		expect(editDistance('LOG_LEVLE', 'LOG_LEVEL')).toBe(1);
		expect(editDistance('abc', 'abc')).toBe(0);
		expect(editDistance('', 'abc')).toBe(3);
	});

	it('suggests the closest setting, or one with the same words after the first', () => {
		expect(closestSetting('DISCORD_TOKE', known)).toBe('DISCORD_TOKEN');
		expect(closestSetting('DATABSE_PATH', known)).toBe('DATABASE_PATH');
		expect(closestSetting('FORUM_CHANNEL_ID', known)).toBe('FORUM_CHANNEL_IDS');
		expect(closestSetting('OPENAI_API_KEY', known)).toBe('LLM_API_KEY');
		expect(closestSetting('SOMETHING_ELSE_ENTIRELY', known)).toBeNull();
	});

	it('checks every upper-case name in .env, but only Doorman-looking names in the environment', () => {
		const found = findUnknownSettings(
			{
				file: ['DISCORD_TOKE', 'FORUM_CHANNEL_IDS', 'MY_OWN_THING', 'NODE_ENV', 'lower_case'],
				environment: [
					'PATH',
					'HOME',
					'HTTP_PROXY',
					'HTTPS_PROXY',
					'LOG_DIR',
					'DATABASE_URL',
					'LOG_LEVL',
					'DISCORD_CLIENT_ID',
					'SMTP_PASS',
					'DISCORD_TOKE',
					'TAG_SOLVD',
				],
			},
			known,
		);
		expect(found).toEqual([
			{ name: 'DISCORD_TOKE', source: '.env', suggestion: 'DISCORD_TOKEN' },
			{ name: 'MY_OWN_THING', source: '.env', suggestion: null },
			{ name: 'LOG_LEVL', source: 'environment', suggestion: 'LOG_LEVEL' },
			{ name: 'DISCORD_CLIENT_ID', source: 'environment', suggestion: expect.any(String) },
			{ name: 'SMTP_PASS', source: 'environment', suggestion: 'SMTP_PASSWORD' },
			{ name: 'TAG_SOLVD', source: 'environment', suggestion: 'TAG_SOLVED' },
		]);
	});

	it('says it in one line naming where the name was set', () => {
		expect(unknownSettingWarnings({ file: ['DISCORD_TOKE'], environment: [] })).toEqual([
			'DISCORD_TOKE (in .env) is not a Doorman setting; did you mean DISCORD_TOKEN?',
		]);
		expect(unknownSettingWarnings({ file: [], environment: ['LLM_TEMPERATURE'] })[0]).toMatch(
			/^LLM_TEMPERATURE \(in the environment\) is not a Doorman setting; /,
		);
		expect(unknownSettingWarnings({ file: known, environment: known })).toEqual([]);
	});
});
