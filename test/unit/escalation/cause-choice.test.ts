import { describe, expect, it } from 'vitest';
import { causeCustomId, causeOptions, NEW_CAUSE, parseCauseCustomId } from '../../../src/escalation/cause-choice.js';
import { CUSTOM_ID_MAX } from '../../../src/escalation/custom-id.js';

describe('causeOptions', () => {
	it('puts the bot’s guesses first, ends with "new cause", and stays within 25 options', () => {
		const options = causeOptions(['ip_allowlist', null, 'not_a_cause']);
		expect(options[0]).toEqual({ value: 'ip_allowlist', label: 'ip_allowlist', guess: true });
		expect(options.at(-1)?.value).toBe(NEW_CAUSE);
		expect(options).toHaveLength(25);
		expect(new Set(options.map((o) => o.value)).size).toBe(25);
		expect(options.filter((o) => o.guess)).toHaveLength(1);
	});
});

describe('resolve-with-cause custom ids', () => {
	it('round-trip, stay under Discord’s limit, and refuse anything else', () => {
		const note = causeCustomId('note', 123456789012345, 'x'.repeat(60));
		expect(note.length).toBeLessThanOrEqual(CUSTOM_ID_MAX);
		expect(parseCauseCustomId(note)).toEqual({ step: 'note', escalationId: 123456789012345, cause: 'x'.repeat(60) });
		expect(parseCauseCustomId(causeCustomId('pick', 4))).toEqual({ step: 'pick', escalationId: 4, cause: null });
		expect(parseCauseCustomId(causeCustomId('new', 4))).toEqual({ step: 'new', escalationId: 4, cause: null });
		for (const bad of [
			'cause:v1:pick:0',
			'cause:v1:note:4',
			'cause:v1:pick:4:x',
			'cause:v2:pick:4',
			'esc:v1:resolve:4',
		])
			expect(parseCauseCustomId(bad)).toBeNull();
	});
});
