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

	it('report every problem at once: members, steps, unknown keys and cross-step checks together', () => {
		const result = parseScenario({
			members: [{ name: 'ana' }, { name: '', roles: ['admin'] }],
			steps: [
				{ reply: { by: 'ana', content: 'too early' } },
				{ post: { by: 'zed', title: '', content: 'x' } },
				{ post: { by: 'zed', title: 't', content: 'x' } },
				{ edit: { by: 'ana', content: 'fixed', message: 'first' } },
				{ edit: { by: 'bob', content: 'fixed' } },
				{ click: { by: 'ana' } },
			],
			extra: true,
		});
		expect(result.ok).toBe(false);
		const problems = result.ok ? [] : result.problems;
		for (const expected of [
			/^members\[1\]\.name: /,
			/^members\[1\]\.roles\[0\]: /,
			/^steps\[1\]\.post\.title: /,
			/^steps\[3\]\.edit\.message: /,
			/^steps\[5\]\.click\.button: /,
			/^\(scenario\): .*extra/,
			/^steps\[0\]\.reply: a reply needs an earlier post$/,
			/^steps\[2\]\.post\.by: 'zed' is not in members/,
			/^steps\[4\]\.edit\.by: 'bob' is not in members/,
		]) {
			expect(problems, String(expected)).toEqual(expect.arrayContaining([expect.stringMatching(expected)]));
		}
	});

	it('accept an edit step, of the latest message by default', () => {
		const result = parseScenario({ members: [{ name: 'ana' }], steps: [post, { edit: { by: 'ana', content: 'x' } }] });
		expect(result.ok ? result.scenario.steps[1] : result.problems).toEqual({
			edit: { by: 'ana', content: 'x', message: 'last' },
		});
	});

	it('reject a file that is not a scenario', () => {
		const result = parseScenario([]);
		expect(result.ok).toBe(false);
	});
});
