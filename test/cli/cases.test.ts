import { cpSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { command as cases } from '../../src/cli/commands/cases.js';
import { command as kbLint } from '../../src/cli/commands/kb-lint.js';
import { command as triage } from '../../src/cli/commands/triage.js';
import { communityCaseRepository } from '../../src/store/community-cases.js';
import { openStore } from '../../src/store/open.js';
import { buildCommunityCase, type ConfirmationInput } from '../../src/thread/learn.js';
import { captureIo } from '../support/capture-io.js';
import { useTmpDir } from '../support/tmp-dir.js';

const tmp = useTmpDir();

const PROSE = 'I am losing my mind here, my boss wants this demo by Friday';
const OTHER_WORDS =
	'Since today our workspace is locked by the administrator and every request answers 403 workspace_locked';

const confirmation = (n: number, overrides: Partial<ConfirmationInput> = {}): ConfirmationInput => ({
	source: `https://discord.com/channels/1/11000000000000000${n}`,
	threadId: `11000000000000000${n}`,
	escalationId: n,
	confirmed: { cause: 'account_suspended_or_banned', isNew: false },
	entry: null,
	confirmedBy: 'moderator',
	actor: { id: '9', name: 'mod' },
	note: 'The organisation admin had locked the workspace; unlocking it in the org settings fixed it.',
	owner: {
		title: 'All calls 403',
		posts: [
			{
				content: `${PROSE}\n403 {"error":{"code":"workspace_locked","message":"Workspace locked by administrator"}}`,
				attachments: [],
			},
		],
		answeredThrough: null,
	},
	learning: true,
	...overrides,
});

/** A database with community cases stored as the bot stores them, at the given times. */
function seed(dir: string, confirmations: readonly [ConfirmationInput, number][]): string {
	const file = path.join(dir, 'doorman.db');
	const { db } = openStore(file);
	const repo = communityCaseRepository(db);
	for (const [input, at] of confirmations) repo.save(buildCommunityCase(input), at);
	db.close();
	return file;
}

async function run(dir: string, args: string[], stdin = '') {
	const io = captureIo(dir, stdin);
	const code = await cases.run(args, io);
	return { code, out: io.out(), err: io.err() };
}

describe('doorman cases export / import', () => {
	it('exports kb/cases lines without the poster’s prose; they pass kb lint and round-trip through import', async () => {
		const dir = tmp();
		const db = seed(dir, [
			[confirmation(1), Date.UTC(2026, 0, 5)],
			[
				confirmation(2, { confirmed: { cause: 'workspace_locked_by_admin', isNew: true }, note: null }),
				Date.UTC(2026, 1, 1),
			],
		]);
		const exported = await run(dir, ['export', '--db', db]);
		expect(exported.code, exported.err).toBe(0);
		const lines = exported.out.trim().split('\n');
		expect(lines).toHaveLength(2);
		expect(exported.out).not.toContain('losing my mind');
		const first = JSON.parse(lines[0] ?? '{}');
		expect(first).toMatchObject({
			id: 'community-1',
			source: 'https://discord.com/channels/1/110000000000000001',
			lang: 'en',
			route: 'unknown',
			status: 403,
			cause: 'account_suspended_or_banned',
			situation: expect.stringMatching(/^The organisation admin had locked/),
		});
		expect(first.error).toContain('Workspace locked by administrator');
		expect(JSON.parse(lines[1] ?? '{}')).toMatchObject({
			cause: 'other',
			evidence: expect.stringContaining('workspace_locked_by_admin'),
		});

		// kb lint accepts them as a case file of the shipped base.
		const kb = path.join(dir, 'kb');
		cpSync(path.join(process.cwd(), 'kb'), kb, { recursive: true });
		writeFileSync(path.join(kb, 'cases', 'community.jsonl'), exported.out);
		const lint = captureIo(dir);
		expect(await kbLint.run(['--kb', kb], lint), lint.err()).toBe(0);

		// Imported into another database, they export the same again.
		const file = path.join(dir, 'reviewed.jsonl');
		writeFileSync(file, exported.out);
		const other = path.join(dir, 'other.db');
		const imported = await run(dir, ['import', file, '--db', other]);
		expect(imported.code, imported.err).toBe(0);
		expect(imported.out).toBe('imported 2 reviewed case(s) as community cases\n');
		const again = await run(dir, ['export', '--db', other]);
		const fields = (line: string) => {
			const { source, lang, route, status, cause, error, situation } = JSON.parse(line);
			return { source, lang, route, status, cause, error, situation };
		};
		expect(again.out.trim().split('\n').map(fields)).toEqual(lines.map(fields));
		// Importing twice replaces, never duplicates.
		await run(dir, ['import', file, '--db', other]);
		expect((await run(dir, ['export', '--db', other])).out.trim().split('\n')).toHaveLength(2);
	});

	it('--since keeps the cases stored from that date on', async () => {
		const dir = tmp();
		const db = seed(dir, [
			[confirmation(1), Date.UTC(2026, 0, 5)],
			[confirmation(2), Date.UTC(2026, 1, 1)],
		]);
		const out = await run(dir, ['export', '--since', '2026-01-31', '--db', db]);
		expect(
			out.out
				.trim()
				.split('\n')
				.map((l) => JSON.parse(l).id),
		).toEqual(['community-2']);
		expect((await run(dir, ['export', '--since', 'yesterday', '--db', db])).code).toBe(2);
	});

	it('import refuses a file with any problem and imports nothing', async () => {
		const dir = tmp();
		const file = path.join(dir, 'bad.jsonl');
		writeFileSync(file, '{"id": "x"}\n');
		const db = path.join(dir, 'doorman.db');
		const out = await run(dir, ['import', file, '--db', db]);
		expect(out.code).toBe(1);
		expect(out.err).toMatch(/bad\.jsonl:1: .*\n[\s\S]*nothing imported/);
		expect((await run(dir, ['export', '--db', db])).out).toBe('');
	});
});

describe('community cases in matching: doorman triage --db, and withdrawing a case', () => {
	it('a stored case answers a post in other words; withdrawn, it no longer does', async () => {
		const dir = tmp();
		const db = seed(dir, [[confirmation(1), Date.now()]]);
		const triageJson = async (args: string[]) => {
			const io = captureIo(dir, OTHER_WORDS);
			expect(await triage.run(['--json', ...args], io), io.err()).toBe(0);
			return JSON.parse(io.out());
		};
		expect(await triageJson([])).toMatchObject({ abstained: true });
		const learned = await triageJson(['--db', db]);
		expect(learned).toMatchObject({ cause: 'account_suspended_or_banned', abstained: false });
		expect(learned.citations.length).toBeGreaterThan(0);

		const list = await run(dir, ['list', '--db', db]);
		expect(list.out).toMatch(/^#1 .* learned +account_suspended_or_banned +unknown +403 +en +by moderator /);
		expect((await run(dir, ['withdraw', '1', '--db', db])).out).toMatch(/withdrew community case #1/);
		expect((await run(dir, ['withdraw', '1', '--db', db])).code).toBe(1);
		expect((await run(dir, ['list', '--db', db])).out).toMatch(/withdrawn/);
		expect(await triageJson(['--db', db])).toMatchObject({ abstained: true });
		expect((await run(dir, ['export', '--db', db])).out).toBe('');
	});

	it('says what is wrong with the command line', async () => {
		const dir = tmp();
		for (const args of [
			[],
			['frob'],
			['withdraw'],
			['withdraw', 'x'],
			['export', 'x'],
			['list', '--since', '2026-01-01'],
		])
			expect((await run(dir, args)).code).toBe(2);
		const io = captureIo(dir, OTHER_WORDS);
		expect(await triage.run(['--db', path.join(dir, 'missing.db')], io)).toBe(1);
		expect(io.err()).toMatch(/no database at/);
	});
});
