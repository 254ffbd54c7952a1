import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../../src/simulate/scenario.js';

const post = { post: { by: 'ana', title: '403 on o3', content: 'help' } };

describe('scenario files', () => {
	it('accept the documented format, with defaults', () => {
		const result = parseScenario({
			members: [{ name: 'ana' }, { name: 'mo', roles: ['moderator'] }],
			steps: [
				post,
				{ reply: { by: 'ana', content: 'more' } },
				{ click: { by: 'ana', button: 'Solved it' } },
				{ command: { by: 'mo', name: 'escalations', subcommand: 'list', options: {} } },
			],
		});
		if (!result.ok) throw new Error(result.problems.join('\n'));
		expect(result.scenario.steps[0]).toEqual({ post: { ...post.post, attachments: [] } });
		expect(result.scenario.members[0]).toEqual({ name: 'ana', roles: [] });
	});

	it('name the step and field of every problem', () => {
		const result = parseScenario({
			members: [{ name: 'ana' }],
			steps: [
				{ reply: { by: 'ana', content: 'too early' } },
				post,
				{ reply: { by: 'zed', content: 'x' } },
				{ click: { by: 'ana' } },
				{ nope: 1 },
			],
		});
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.problems).toEqual(
			expect.arrayContaining([
				expect.stringMatching(/^steps\[3\]\.click\.button: /),
				expect.stringMatching(/^steps\[4\]: a step is one of/),
			]),
		);
		const again = parseScenario({
			members: [{ name: 'ana' }],
			steps: [{ reply: { by: 'ana', content: 'x' } }, { reply: { by: 'zed', content: 'x' } }],
		});
		expect(again.ok ? [] : again.problems).toEqual([
			'steps[0].reply: a reply needs an earlier post',
			expect.stringMatching(/^steps\[1\]\.reply\.by: 'zed' is not in members/),
			'steps[1].reply: a reply needs an earlier post',
		]);
	});

	it('reject a file that is not a scenario', () => {
		const result = parseScenario([]);
		expect(result.ok).toBe(false);
	});
});
