import { describe, expect, it } from 'vitest';
import { feedbackId, parseCustomId } from '../../../src/discord/custom-id.js';

describe('button custom ids', () => {
	it('round-trip and stay under 100 characters', () => {
		const id = feedbackId('didnt_help', '12345678901234567890');
		expect(id.length).toBeLessThanOrEqual(100);
		expect(parseCustomId(id)).toEqual({ kind: 'feedback', action: 'didnt_help', threadId: '12345678901234567890' });
	});

	it('reject anything else', () => {
		for (const bad of [
			'',
			'fb:v9:solved:1',
			'fb:v1:solved:',
			'fb:v1:explode:1',
			'fb:v1:solved:1:extra',
			'{"a":1}',
			'x'.repeat(200),
		]) {
			expect(parseCustomId(bad), bad).toBeNull();
		}
	});
});
