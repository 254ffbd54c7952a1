import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { command as simulate } from '../../src/cli/commands/simulate.js';
import { captureIo } from '../support/capture-io.js';
import { useTmpDir } from '../support/tmp-dir.js';

const tmp = useTmpDir();

describe('doorman simulate', () => {
	it('plays a scenario and prints the JSON transcript contract', async () => {
		const dir = tmp();
		writeFileSync(
			path.join(dir, 's.json'),
			JSON.stringify({
				members: [{ name: 'ana' }, { name: 'mo', roles: ['moderator'] }],
				steps: [
					{
						post: {
							by: 'ana',
							title: '403 on o3',
							content: 'help',
							attachments: [{ name: 'message.txt', text: 'log' }],
						},
					},
					{ reply: { by: 'ana', content: 'can I talk to a human please' } },
					{ reply: { by: 'ana', content: '!mute' } },
					{ reply: { by: 'ana', content: 'anyone?' } },
				],
			}),
		);
		writeFileSync(path.join(dir, '.env'), 'SUPPORT_EMAIL=desk@community.test\n');
		const io = captureIo(dir);
		expect(await simulate.run(['s.json', '--json'], io)).toBe(0);
		const transcript = JSON.parse(io.out()) as {
			threads: { title: string; tags: string[]; messages: { author: string; content: string; buttons: string[] }[] }[];
			escalations: unknown[];
			emails: unknown[];
		};
		expect(transcript.threads).toHaveLength(1);
		const [thread] = transcript.threads;
		expect(thread?.title).toBe('403 on o3');
		expect(thread?.messages.map((m) => m.author)).toEqual(['ana', 'bot', 'ana', 'bot', 'ana', 'bot', 'ana']);
		expect(thread?.messages[3]?.content).toMatch(/passed this to the team/);
		// Asked for a person with no error in the thread: a hand-off note, no vendor draft.
		expect(thread?.messages[3]?.content).not.toMatch(/\*\*To:\*\*|```/);
		expect(thread?.messages[5]?.content).toMatch(/stay quiet/);
		expect(thread?.tags).toEqual(['Escalated']);
		expect(transcript.escalations).toEqual([
			{ thread: '403 on o3', cause: expect.toBeOneOf([null, expect.any(String)]), status: 'open' },
		]);
		expect(transcript.emails).toEqual([]);
	});

	it("with --db keeps the scenario's database in that file for inspection, and refuses a file that exists", async () => {
		const dir = tmp();
		writeFileSync(
			path.join(dir, 's.json'),
			JSON.stringify({
				members: [{ name: 'ana' }],
				steps: [
					{
						post: {
							by: 'ana',
							title: '403 on gpt-4o',
							content:
								"PermissionDeniedError: Error code: 403 - {'error': {'code': 'unsupported_country_region_territory', 'message': 'Country, region, or territory not supported'}}",
						},
					},
				],
			}),
		);
		const io = captureIo(dir);
		expect(await simulate.run(['s.json', '--json', '--db', 'kept/sim.db'], io)).toBe(0);
		const transcript = JSON.parse(io.out()) as { threads: { messages: { author: string }[] }[] };
		expect(transcript.threads[0]?.messages.map((m) => m.author)).toEqual(['ana', 'bot']);
		const file = path.join(dir, 'kept', 'sim.db');
		// Closed cleanly: the file alone holds everything (no WAL left beside it).
		expect(existsSync(`${file}-wal`)).toBe(false);
		const db = new Database(file, { readonly: true });
		expect(db.prepare('SELECT title, state FROM threads').all()).toEqual([
			{ title: '403 on gpt-4o', state: 'answered' },
		]);
		expect(db.prepare(`SELECT kind, status FROM bot_replies`).all()).toEqual([{ kind: 'answer', status: 'sent' }]);
		db.close();

		const again = captureIo(dir);
		expect(await simulate.run(['s.json', '--db', 'kept/sim.db'], again)).toBe(1);
		expect(again.err()).toMatch(/--db kept\/sim\.db already exists/);
	});

	it('names the step and field of a bad scenario', async () => {
		const dir = tmp();
		writeFileSync(
			path.join(dir, 'bad.json'),
			JSON.stringify({ members: [{ name: 'ana' }], steps: [{ post: { by: 'zed', title: 't', content: 'c' } }] }),
		);
		const io = captureIo(dir);
		expect(await simulate.run(['bad.json'], io)).toBe(1);
		expect(io.err()).toMatch(/steps\[0\]\.post\.by: 'zed' is not in members/);
		const missing = captureIo(dir);
		expect(await simulate.run(['nope.json'], missing)).toBe(1);
		expect(missing.err()).toMatch(/cannot read nope.json/);
		expect(await simulate.run([], captureIo(dir))).toBe(2);
	});
});
