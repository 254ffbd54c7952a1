import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { command as casesCli } from '../../src/cli/commands/cases.js';
import { command as kbLintCli } from '../../src/cli/commands/kb-lint.js';
import { command as reportCli } from '../../src/cli/commands/report.js';
import { command as triageCli } from '../../src/cli/commands/triage.js';
import { MAX_CASES_PER_GROUP } from '../../src/kb/lint-cases.js';
import { openKb } from '../../src/kb/load.js';
import { defaultKbDir } from '../../src/paths.js';
import type { GapReport } from '../../src/thread/gap-report.js';
import { type BotHarness, startBotHarness } from '../support/bot-harness.js';
import { captureIo } from '../support/capture-io.js';
import { renderInChromium } from '../support/chromium.js';
import { waitFor } from '../support/eventually.js';
import { botMessages, lastButton } from '../support/transcript.js';

let harness: BotHarness | undefined;
afterEach(async () => {
	await harness?.stop();
	harness = undefined;
});

const KEY = `sk-proj-${'Qw3rT'.repeat(10)}Yy`;
/** An error the shipped knowledge base cannot place: the bot asks for details instead of answering. */
const FIRST_REPORT =
	`Every request fails since this morning (key ${KEY}):\n` +
	'403 {"error":{"code":"workspace_locked","message":"Workspace locked by administrator"}}';
/** The same error, said in other words by someone else. */
const OTHER_WORDS =
	'Since today our workspace is locked by the administrator and every request answers 403 workspace_locked';
const CAUSE = 'account_suspended_or_banned';

interface CaseRow {
	cause: string;
	is_new_cause: number;
	confirmed_by: string;
	learned: number;
	report: string;
	error: string;
	note: string | null;
	entry: string | null;
	source: string;
	route: string;
	status: number | null;
	lang: string;
}

/** Alice reports FIRST_REPORT, which the KB cannot place, and asks for a person: escalation #1, its queue message posted. */
async function handedOff(h: BotHarness) {
	const post = h.sandbox.createForumPost({ by: 'alice', title: 'All calls 403', content: FIRST_REPORT });
	await h.settle(post.message.id);
	const human = h.sandbox.postMessage({ channelId: post.thread.id, by: 'alice', content: 'can I talk to a human?' });
	await h.settle(human.id);
	await waitFor(() => botMessages(h.sandbox, h.sandbox.channelId('moderators')).length === 1, 'queue message');
	return post;
}

describe('Doorman learns from causes people confirm (real discord.js client ↔ sandbox, real KB)', () => {
	it('a moderator resolves with a cause; a later post with the same error in other words is answered with it', async () => {
		harness = await startBotHarness({ advisor: 'kb' });
		const { sandbox, app } = harness;
		const mods = sandbox.channelId('moderators');

		// The gap: before anyone confirmed a cause, the bot cannot place this error.
		const before = sandbox.createForumPost({ by: 'bob', title: 'workspace locked?', content: OTHER_WORDS });
		await harness.settle(before.message.id);
		expect(botMessages(sandbox, before.thread.id).at(-1)?.content).not.toMatch(/Terms of Service/);

		const first = await handedOff(harness);

		// Resolve asks for the cause: a menu only the moderator sees, the bot's guesses first and "new cause" last.
		const pressed = sandbox.clickButton({ by: 'mod', ...lastButton(sandbox, mods, 'Resolve') });
		await pressed.waitForCallback();
		const menuMessage = sandbox.transcript(mods).find((e) => e.visibleTo === 'mod' && e.components.length > 0);
		const menu = menuMessage?.components[0];
		expect(menu?.customId).toBe('cause:v1:pick:1');
		expect(menu?.values.at(-1)).toBe('new_cause');
		expect(menu?.values).toContain(CAUSE);
		expect(menu?.values.length).toBeLessThanOrEqual(25);
		expect(botMessages(sandbox, mods)[0]?.content).not.toMatch(/Resolved/);

		const picked = sandbox.selectMenu({
			by: 'mod',
			messageId: menuMessage?.id ?? '',
			customId: 'cause:v1:pick:1',
			values: [CAUSE],
		});
		await picked.waitForCallback();
		expect(picked.record.modal?.custom_id).toBe(`cause:v1:note:1:${CAUSE}`);
		const form = sandbox.submitModal({
			by: 'mod',
			interactionId: picked.id,
			fields: { cause_note: 'The org admin had locked the workspace; unlocking it in the org settings fixed it.' },
		});
		await form.waitForCallback();
		await waitFor(() => /Resolved/.test(botMessages(sandbox, mods)[0]?.content ?? ''), 'queue shows resolved');
		await waitFor(() => sandbox.threadTags(first.thread.id).includes('Solved'), 'solved tag');

		const row = app.db.prepare('SELECT * FROM community_cases').get() as CaseRow;
		expect(row).toMatchObject({ cause: CAUSE, is_new_cause: 0, confirmed_by: 'moderator', learned: 1, status: 403 });
		expect(row.source).toBe(`https://discord.com/channels/${sandbox.guildId}/${first.thread.id}`);
		expect(row.lang).toBe('en');
		expect(row.report).toContain('Workspace locked by administrator');
		expect(row.report).not.toContain(KEY);
		expect(row.error).toContain('workspace_locked');
		expect(row.note).toMatch(/unlocking it/);

		// Another thread, the same error in other words: answered with the confirmed cause, no restart.
		const later = sandbox.createForumPost({ by: 'bob', title: 'locked out', content: OTHER_WORDS });
		await harness.settle(later.message.id);
		const answer = botMessages(sandbox, later.thread.id).at(-1)?.content ?? '';
		const outcome = app.db
			.prepare('SELECT outcome FROM processed_messages WHERE message_id = ?')
			.pluck()
			.get(later.message.id);
		expect(outcome).toMatch(new RegExp(`^answer: MATCHED:${CAUSE}@`));
		const kb = openKb(defaultKbDir());
		const urls = kb.entries.filter((e) => e.cause === CAUSE).flatMap((e) => e.citations.map((c) => c.url));
		kb.close();
		expect(urls.some((u) => answer.includes(u))).toBe(true);

		// The poster accepts the answer; the report shows both threads, the gap that was closed and the acceptance.
		await sandbox.clickButton({ by: 'bob', ...lastButton(sandbox, later.thread.id, 'Solved it') }).waitForCallback();
		await waitFor(() => sandbox.threadTags(later.thread.id).includes('Solved'), 'answer accepted');
		await app.bot.idle();
		const db = path.join(harness.dataDir, 'doorman.db');
		const io = captureIo(harness.dataDir);
		expect(await reportCli.run(['--json', '--db', db], io), io.err()).toBe(0);
		const report = JSON.parse(io.out()) as GapReport;
		const linkOf = (threadId: string) => `https://discord.com/channels/${sandbox.guildId}/${threadId}`;
		const [linkA, linkB] = [linkOf(first.thread.id), linkOf(later.thread.id)];
		expect(report.threads.find((t) => t.link === linkA)).toMatchObject({ outcome: 'escalated', confirmedCause: CAUSE });
		expect(report.threads.find((t) => t.link === linkB)).toMatchObject({
			outcome: 'answered',
			cause: CAUSE,
			state: 'solved',
		});
		const gap = report.gaps.find((g) => g.threads.some((t) => t.link === linkA));
		expect(gap).toMatchObject({
			message: expect.stringContaining('workspace locked by administrator'),
			closedBy: { cause: CAUSE },
		});
		expect(report.entries.find((e) => e.cause === CAUSE)).toMatchObject({ answers: 1, solved: 1, didntHelp: 0 });
		expect(report.totals).toMatchObject({ posts: 3, answered: 1, escalated: 1, solved: 2 });

		const slash = await sandbox
			.slashCommand({ by: 'mod', name: 'doorman', subcommand: 'report', channelId: mods })
			.waitForCallback();
		expect(slash.body).toMatchObject({
			data: { flags: 64, content: expect.stringMatching(new RegExp(`closed: ${CAUSE} \\(community case #1\\)`)) },
		});
		const refused = await sandbox
			.slashCommand({ by: 'bob', name: 'doorman', subcommand: 'report', channelId: later.thread.id })
			.waitForCallback();
		expect(refused.body).toMatchObject({ data: { flags: 64, content: 'Only moderators can see the report.' } });

		// The HTML page, loaded in a real headless browser: charts drawn, figures visible, both threads and the gap.
		const html = path.join(harness.dataDir, 'report.html');
		expect(await reportCli.run(['--html', html, '--db', db], captureIo(harness.dataDir))).toBe(0);
		expect(readFileSync(html, 'utf8')).not.toMatch(/<script[^>]+src=|<link[^>]+href=/);
		const page = renderInChromium(html, harness.dataDir);
		expect(page.errors).toEqual([]);
		for (const id of ['chart-weeks', 'chart-causes', 'chart-routes', 'chart-languages'])
			expect(page.painted[id], id).toBeGreaterThan(500);
		expect(page.figures.find((f) => f.name === 'posts')).toEqual({ name: 'posts', text: '3', visible: true });
		expect(page.figures.every((f) => f.visible)).toBe(true);
		expect(page.dom).toContain(linkA);
		expect(page.dom).toContain(linkB);
		expect(page.dom).toContain(`closed: ${CAUSE} (community case #1)`);

		// The poster's "Solved it" confirmed thread B's cause too (case #2). A moderator withdraws both cases: the next
		// such post is no longer answered from them.
		expect(app.db.prepare('SELECT id, confirmed_by FROM community_cases ORDER BY id').all()).toEqual([
			{ id: 1, confirmed_by: 'moderator' },
			{ id: 2, confirmed_by: 'poster' },
		]);
		for (const id of [1, 2]) {
			const withdrawn = await sandbox
				.slashCommand({
					by: 'mod',
					name: 'escalations',
					subcommand: 'withdraw-case',
					options: { case: id },
					channelId: mods,
				})
				.waitForCallback();
			expect(withdrawn.body).toMatchObject({
				data: { flags: 64, content: expect.stringMatching(new RegExp(`#${id} is withdrawn`)) },
			});
		}
		const afterWithdrawal = sandbox.createForumPost({ by: 'bob', title: 'still locked', content: OTHER_WORDS });
		await harness.settle(afterWithdrawal.message.id);
		expect(botMessages(sandbox, afterWithdrawal.thread.id).at(-1)?.content).not.toMatch(/Terms of Service/);
	});

	it('"new cause" opens a form for its name; the case records it as new', async () => {
		harness = await startBotHarness({ advisor: 'kb' });
		const { sandbox, app } = harness;
		const mods = sandbox.channelId('moderators');
		await handedOff(harness);
		// Members cannot use the menu's step either.
		await sandbox.clickButton({ by: 'mod', ...lastButton(sandbox, mods, 'Resolve') }).waitForCallback();
		const menuMessage = sandbox.transcript(mods).find((e) => e.visibleTo === 'mod' && e.components.length > 0);
		const picked = sandbox.selectMenu({
			by: 'mod',
			messageId: menuMessage?.id ?? '',
			customId: 'cause:v1:pick:1',
			values: ['new_cause'],
		});
		await picked.waitForCallback();
		expect(picked.record.modal?.custom_id).toBe('cause:v1:new:1');
		const form = sandbox.submitModal({
			by: 'mod',
			interactionId: picked.id,
			fields: { cause_name: 'Workspace locked by admin', cause_note: '' },
		});
		const answered = await form.waitForCallback();
		expect(answered.body).toMatchObject({ data: { flags: 64 } });
		await waitFor(() => /Resolved/.test(botMessages(sandbox, mods)[0]?.content ?? ''), 'queue shows resolved');
		expect(app.db.prepare('SELECT cause, is_new_cause, note FROM community_cases').get()).toEqual({
			cause: 'workspace_locked_by_admin',
			is_new_cause: 1,
			note: null,
		});
	});

	it('/escalations resolve with cause: resolves at once; with LEARN_FROM_RESOLVED=false nothing of the report is kept', async () => {
		harness = await startBotHarness({ advisor: 'kb', env: { LEARN_FROM_RESOLVED: 'false' } });
		const { sandbox, app } = harness;
		const mods = sandbox.channelId('moderators');
		await handedOff(harness);
		const reply = await sandbox
			.slashCommand({
				by: 'mod',
				name: 'escalations',
				subcommand: 'resolve',
				options: { id: 1, cause: CAUSE, note: 'org admin unlocked it' },
				channelId: mods,
			})
			.waitForCallback();
		expect(reply.body).toMatchObject({ data: { flags: 64 } });
		await waitFor(() => /Resolved/.test(botMessages(sandbox, mods)[0]?.content ?? ''), 'queue shows resolved');
		expect(app.db.prepare('SELECT cause, learned, report, error, note FROM community_cases').get()).toEqual({
			cause: CAUSE,
			learned: 0,
			report: '',
			error: '',
			note: 'org admin unlocked it',
		});
		const later = sandbox.createForumPost({ by: 'bob', title: 'locked out', content: OTHER_WORDS });
		await harness.settle(later.message.id);
		expect(botMessages(sandbox, later.thread.id).at(-1)?.content).not.toMatch(/Terms of Service/);
	});

	it('"Solved it" after an answer confirms that answer\'s cause and entry without asking anyone', async () => {
		harness = await startBotHarness({ advisor: 'kb' });
		const { sandbox, app } = harness;
		const post = sandbox.createForumPost({
			by: 'alice',
			title: 'Gemini 400',
			content:
				'Calling gemini-1.5-flash with the google-generativeai SDK:\n400 User location is not supported for the API use.',
		});
		await harness.settle(post.message.id);
		await sandbox.clickButton({ by: 'alice', ...lastButton(sandbox, post.thread.id, 'Solved it') }).waitForCallback();
		await waitFor(() => app.db.prepare('SELECT COUNT(*) FROM community_cases').pluck().get() === 1, 'case stored');
		const row = app.db.prepare('SELECT * FROM community_cases').get() as CaseRow;
		expect(row).toMatchObject({ cause: 'unsupported_region', confirmed_by: 'poster', learned: 1, note: null });
		expect(row.entry).toMatch(/gemini/);
	});

	it('a community with more resolved threads than the shipped base takes from one forum exports a file that imports whole', async () => {
		harness = await startBotHarness({ advisor: 'kb' });
		const { sandbox, dataDir } = harness;
		const mods = sandbox.channelId('moderators');
		const resolved = MAX_CASES_PER_GROUP + 2;
		for (let n = 1; n <= resolved; n++) {
			const post = sandbox.createForumPost({ by: 'alice', title: `All calls 403 (${n})`, content: FIRST_REPORT });
			await harness.settle(post.message.id);
			const human = sandbox.postMessage({ channelId: post.thread.id, by: 'alice', content: 'can I talk to a human?' });
			await harness.settle(human.id);
			await waitFor(() => botMessages(sandbox, mods).length === n, `queue message ${n}`);
			await sandbox
				.slashCommand({
					by: 'mod',
					name: 'escalations',
					subcommand: 'resolve',
					options: {
						id: n,
						cause: CAUSE,
						note: `The org admin had locked the workspace (${n}); unlocking it fixed it.`,
					},
					channelId: mods,
				})
				.waitForCallback();
		}
		await waitFor(
			() => harness?.app.db.prepare('SELECT COUNT(*) FROM community_cases').pluck().get() === resolved,
			'every case stored',
		);
		await harness.app.bot.idle();

		const exported = captureIo(dataDir);
		expect(await casesCli.run(['export', '--db', path.join(dataDir, 'doorman.db')], exported), exported.err()).toBe(0);
		const lines = exported.out().trim().split('\n');
		expect(lines).toHaveLength(resolved);
		for (const line of lines)
			expect(JSON.parse(line)).toMatchObject({ source: expect.stringContaining(`/channels/${sandbox.guildId}/`) });

		// kb lint, as for a contribution to the shipped base: the file is sound, and one server is one forum there, so
		// it keeps at most MAX_CASES_PER_GROUP of them (the reviewer picks those); nothing else is reported.
		const kb = path.join(dataDir, 'kb');
		cpSync(defaultKbDir(), kb, { recursive: true });
		const contribution = path.join(kb, 'cases', 'community.jsonl');
		writeFileSync(contribution, exported.out());
		const lint = captureIo(dataDir);
		expect(await kbLintCli.run(['--kb', kb], lint)).toBe(1);
		expect(lint.err().trim().split('\n')).toEqual([
			expect.stringMatching(
				new RegExp(
					`community\\.jsonl:${MAX_CASES_PER_GROUP + 1}: ${resolved} cases from discord:${sandbox.guildId} \\(at most`,
				),
			),
			expect.stringMatching(/1 problem\(s\)/),
		]);
		// `--for-kb` exports what the shipped base takes (the newest MAX_CASES_PER_GROUP per server): it lints clean.
		const forKb = captureIo(dataDir);
		expect(
			await casesCli.run(['export', '--for-kb', '--db', path.join(dataDir, 'doorman.db')], forKb),
			forKb.err(),
		).toBe(0);
		expect(forKb.out().trim().split('\n')).toEqual(lines.slice(resolved - MAX_CASES_PER_GROUP));
		expect(forKb.err()).toContain(`left out ${resolved - MAX_CASES_PER_GROUP} older case(s)`);
		writeFileSync(contribution, forKb.out());
		const picked = captureIo(dataDir);
		expect(await kbLintCli.run(['--kb', kb], picked), picked.err()).toBe(0);

		// Into the community's own (fresh) database the whole file goes, and its cases answer the same error.
		const file = path.join(dataDir, 'export.jsonl');
		writeFileSync(file, exported.out());
		const fresh = path.join(dataDir, 'fresh.db');
		const imported = captureIo(dataDir);
		expect(await casesCli.run(['import', file, '--db', fresh], imported), imported.err()).toBe(0);
		expect(imported.out()).toBe(`imported ${resolved} reviewed case(s) as community cases\n`);
		const triageJson = async (args: string[]) => {
			const io = captureIo(dataDir, OTHER_WORDS);
			expect(await triageCli.run(['--json', ...args], io), io.err()).toBe(0);
			return JSON.parse(io.out());
		};
		expect(await triageJson([])).toMatchObject({ abstained: true });
		expect(await triageJson(['--db', fresh])).toMatchObject({ cause: CAUSE, abstained: false });
	});
});
