import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { command as simulate } from '../../src/cli/commands/simulate.js';
import type { Transcript } from '../../src/simulate/scenario.js';
import { captureIo } from '../support/capture-io.js';
import { useTmpDir } from '../support/tmp-dir.js';

const tmp = useTmpDir();

/** The example scenario of README.md, exactly as printed there. */
function readmeScenario(): string {
	const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
	const section = readme.slice(readme.indexOf('### Scenarios for `doorman simulate`'));
	const block = /```json\n([\s\S]*?)\n```/.exec(section)?.[1];
	if (block === undefined) throw new Error('README.md has no example scenario');
	return block;
}

async function run(dir: string, scenario: string, args: string[] = ['--json']) {
	writeFileSync(path.join(dir, 's.json'), scenario);
	const io = captureIo(dir);
	const code = await simulate.run(['s.json', ...args], io);
	return { code, io };
}

describe('doorman simulate: scenarios', () => {
	it("runs the README's example as written: ephemeral replies marked, the edit, and the moderators' queue", async () => {
		const dir = tmp();
		const { code, io } = await run(dir, readmeScenario());
		expect(io.err()).toBe('');
		expect(code).toBe(0);
		const transcript = JSON.parse(io.out()) as Transcript;
		const [thread] = transcript.threads;
		const messages = thread?.messages ?? [];
		expect(messages[0]).toMatchObject({ author: 'ana' });
		expect(messages.find((m) => m.author === 'bot')?.buttons).toEqual(expect.arrayContaining(['Solved it']));
		expect(messages.some((m) => m.author === 'bot' && /passed this to the team/.test(m.content))).toBe(true);
		expect(messages.find((m) => m.author === 'ana' && m.edited === true)?.content).toBe(
			'I am not on a VPN, and I call from Germany',
		);
		const privateReplies = messages.filter((m) => m.visibleTo !== undefined);
		expect(privateReplies.map((m) => m.visibleTo)).toEqual(['mo', 'mo']);
		expect(privateReplies[0]?.content).toMatch(/\*\*State:\*\* escalated/);
		expect(privateReplies[1]?.content).toMatch(/^1 escalation · page 1\/1/);
		expect(messages.filter((m) => m.visibleTo === undefined).every((m) => !/\*\*State:\*\*/.test(m.content))).toBe(
			true,
		);
		expect(transcript.moderators).toHaveLength(1);
		expect(transcript.moderators[0]).toMatchObject({ author: 'bot', buttons: expect.arrayContaining(['Claim']) });
		expect(transcript.escalations).toEqual([expect.objectContaining({ thread: '403 on gpt-4o', status: 'open' })]);

		const text = await run(dir, readmeScenario(), []);
		expect(text.code).toBe(0);
		expect(text.io.out()).toMatch(/Doorman \(bot\) \(ephemeral: only mo sees this\):\n {3}\*\*State:\*\*/);
		expect(text.io.out()).toMatch(/ana \(edited\):\n {3}I am not on a VPN, and I call from Germany/);
		expect(text.io.out()).toMatch(/── moderators' queue \(#moderators\) ──\n\nDoorman \(bot\):/);
	});

	it('edits the post itself with "message": "post"', async () => {
		const dir = tmp();
		const scenario = {
			members: [{ name: 'ana' }],
			steps: [
				{ post: { by: 'ana', title: 'help', content: 'it fails' } },
				{ reply: { by: 'ana', content: 'any idea?' } },
				{ edit: { by: 'ana', message: 'post', content: 'it fails with 403 on gpt-4o' } },
			],
		};
		const { code, io } = await run(dir, JSON.stringify(scenario));
		expect(code).toBe(0);
		const messages = (JSON.parse(io.out()) as Transcript).threads[0]?.messages ?? [];
		expect(messages[0]).toMatchObject({ author: 'ana', content: 'it fails with 403 on gpt-4o', edited: true });
		expect(messages.find((m) => m.content === 'any idea?')?.edited).toBeUndefined();
	});

	it('stops with the step at fault when a step cannot be played', async () => {
		const dir = tmp();
		const scenario = {
			members: [{ name: 'ana' }],
			steps: [
				{ post: { by: 'ana', title: 'help', content: 'it fails' } },
				{ click: { by: 'ana', button: 'No such button' } },
				{ command: { by: 'ana', name: 'escalations', subcommand: 'list' } },
			],
		};
		const { code, io } = await run(dir, JSON.stringify(scenario));
		expect(code).toBe(1);
		expect(io.err()).toMatch(
			/s\.json: steps\[1\]: no bot message in the thread has a button labelled 'No such button'/,
		);
		const denied = await run(dir, JSON.stringify({ ...scenario, steps: [scenario.steps[0], scenario.steps[2]] }));
		expect(denied.code).toBe(1);
		expect(denied.io.err()).toMatch(/steps\[1\]: ana cannot use \/escalations/);
		const unknown = await run(
			dir,
			JSON.stringify({ ...scenario, steps: [scenario.steps[0], { command: { by: 'ana', name: 'nope' } }] }),
		);
		expect(unknown.code).toBe(1);
		expect(unknown.io.err()).toMatch(/steps\[1\]: \/nope is not a command the bot registered \(.*doorman/);
	});
});
