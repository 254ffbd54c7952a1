import { describe, expect, it } from 'vitest';
import {
	CUSTOM_ID_MAX,
	escalationCustomId,
	parseEscalationCustomId,
	QUEUE_ACTIONS,
} from '../../../src/escalation/custom-id.js';

describe('escalation button ids', () => {
	it.each(QUEUE_ACTIONS)('round-trips %s', (action) => {
		const id = escalationCustomId(action, 123_456_789_012_345);
		expect(id).toBe(`esc:v1:${action}:123456789012345`);
		expect(id.length).toBeLessThanOrEqual(CUSTOM_ID_MAX);
		expect(parseEscalationCustomId(id)).toEqual({ kind: 'escalation', action, escalationId: 123_456_789_012_345 });
	});

	it.each([
		'',
		'esc',
		'esc:v1',
		'esc:v1:claim',
		'esc:v1:claim:',
		'esc:v1:claim:0',
		'esc:v1:claim:-1',
		'esc:v1:claim:012',
		'esc:v1:claim:1.5',
		'esc:v1:claim:1e3',
		'esc:v1:claim:1234567890123456',
		'esc:v1:approve:1',
		'esc:v1:CLAIM:1',
		'esc:v2:claim:1',
		'fb:v1:solved:1',
		'esc:v1:claim:1:extra',
		' esc:v1:claim:1',
		'{"action":"claim","id":1}',
		`esc:v1:claim:1${'0'.repeat(200)}`,
	])('rejects %j', (garbage) => {
		expect(parseEscalationCustomId(garbage)).toBeNull();
	});

	it('refuses to encode an id that is not a positive integer', () => {
		expect(() => escalationCustomId('claim', 0)).toThrow(RangeError);
		expect(() => escalationCustomId('claim', 1.5)).toThrow(RangeError);
	});
});
