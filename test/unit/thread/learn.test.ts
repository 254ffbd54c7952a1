import { describe, expect, it } from 'vitest';
import { buildCommunityCase, type ConfirmationInput } from '../../../src/thread/learn.js';

const KEY = `sk-proj-${'Ab9Zx'.repeat(10)}Qq`;

const input = (overrides: Partial<ConfirmationInput> = {}): ConfirmationInput => ({
	source: 'https://discord.com/channels/1/2',
	threadId: '2',
	escalationId: 5,
	confirmed: { cause: 'unsupported_region', isNew: false },
	entry: null,
	confirmedBy: 'moderator',
	actor: { id: '9', name: 'mod\nname' },
	note: `rotated ${KEY}, then used a supported region`,
	owner: {
		title: 'openai 403',
		posts: [
			{
				content: `my key ${KEY}\nError code: 403 - {'error': {'code': 'unsupported_country_region_territory', 'message': 'Country, region, or territory not supported'}}`,
				attachments: [{ name: 'message.txt', text: 'openai.PermissionDeniedError: Error code: 403' }],
			},
		],
		answeredThrough: null,
	},
	learning: true,
	...overrides,
});

describe('buildCommunityCase', () => {
	it('reads the owner’s messages as the bot does: route, status, error as printed; everything redacted', () => {
		const c = buildCommunityCase(input());
		expect(c).toMatchObject({ status: 403, cause: 'unsupported_region', learned: true, lang: 'en' });
		expect(c.report).toContain('openai 403');
		expect(c.report).toContain('[message.txt]');
		expect(c.error).toContain('unsupported_country_region_territory');
		expect(JSON.stringify(c)).not.toContain(KEY.slice(8));
		expect(c.note).toMatch(/^rotated \[REDACTED/);
		expect(c.actor.name).toBe('mod name');
	});

	it('with learning off keeps the cause but no text of the report', () => {
		const c = buildCommunityCase(input({ learning: false }));
		expect(c).toMatchObject({ cause: 'unsupported_region', report: '', error: '', learned: false });
	});

	it('without the owner’s messages there is nothing to learn from', () => {
		const c = buildCommunityCase(input({ owner: null }));
		expect(c).toMatchObject({ route: 'unknown', status: null, report: '', learned: false });
	});
});
