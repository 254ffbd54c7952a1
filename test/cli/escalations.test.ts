import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT_USAGE } from '../../src/cli/command.js';
import { command } from '../../src/cli/commands/escalations.js';
import { escalationService } from '../../src/escalation/service.js';
import { escalationRepository } from '../../src/store/escalations.js';
import { openStore } from '../../src/store/open.js';
import { threadRepository } from '../../src/store/threads.js';
import { captureIo } from '../support/capture-io.js';
import { useTmpDir } from '../support/tmp-dir.js';
import { A_CAUSE, A_THREAD, aTriage, leakedKeys, manualClock, PLANTED, VENDORS } from '../unit/escalation/fixtures.js';

const tmp = useTmpDir();
const MO = { id: '1100000000000000103', name: 'mo' };

/** A database with `count` escalations on distinct threads; #2 is claimed and #3 resolved when present. */
function seed(count: number): { dir: string; db: string } {
	const dir = tmp();
	const file = path.join(dir, 'data', 'doorman.db');
	const { db } = openStore(file);
	const threads = threadRepository(db);
	const clock = manualClock();
	const service = escalationService({ store: escalationRepository(db), clock });
	for (let i = 1; i <= count; i += 1) {
		const threadId = `110000000000000${String(1000 + i)}`;
		threads.ensure(
			{ threadId, guildId: A_THREAD.guildId, forumId: '2', ownerId: A_THREAD.ownerId, title: `thread ${i}` },
			0,
		);
		clock.advance(60_000);
		service.escalate({
			thread: { ...A_THREAD, threadId, title: i === 1 ? `\u001b[31mred ${PLANTED.openaiProject}` : `thread ${i}` },
			facts: i % 2 === 0 ? { ownerText: '!human' } : { didntHelp: true },
			eventAt: clock.now(),
			triage: aTriage({}, true),
			cause: A_CAUSE,
			conversation: [{ author: 'ana', text: `403 again ${PLANTED.google}` }],
			actor: { id: A_THREAD.ownerId, name: 'ana' },
		});
	}
	if (count >= 2) service.claim(2, MO);
	if (count >= 3) service.resolve(3, MO, 'vendor fixed it');
	db.close();
	return { dir, db: file };
}

describe('doorman escalations list', () => {
	it('prints a readable table, newest first, 10 per page with a hint for the next page', async () => {
		const { dir, db } = seed(12);
		const io = captureIo(dir);
		expect(await command.run(['list', '--db', db], io)).toBe(0);
		const lines = io.out().split('\n');
		expect(lines[0]).toMatch(/^ID\s+STATUS\s+TRIGGER\s+CREATED \(UTC\)\s+CLAIMED BY\s+THREAD$/);
		expect(lines[1]).toMatch(/^#12\s+open\s+asked_for_human\s+2025-01-02 10:12\s+-\s+thread 12$/);
		expect(lines.filter((l) => l.startsWith('#'))).toHaveLength(10);
		expect(io.out()).toContain('page 1 of 2 (12 escalations); next: doorman escalations list --page 2');
		const page2 = captureIo(dir);
		expect(await command.run(['list', '--page', '2', '--db', db], page2)).toBe(0);
		expect(page2.out()).toMatch(/#2\s+claimed\s+asked_for_human\s+\S+ \S+\s+mo\s+thread 2/);
		expect(page2.out()).toMatch(/#1\s+open/);
		expect(page2.out()).not.toContain('\u001b');
		expect(leakedKeys(io.out() + page2.out())).toEqual([]);
	});

	it('filters by status and says when there is nothing', async () => {
		const { dir, db } = seed(3);
		const io = captureIo(dir);
		expect(await command.run(['list', '--status', 'resolved', '--db', db], io)).toBe(0);
		expect(io.out()).toMatch(/#3\s+resolved/);
		expect(io.out()).toContain('page 1 of 1 (1 resolved escalation)');
		const none = captureIo(dir);
		expect(await command.run(['list', '--status', 'dismissed', '--db', db], none)).toBe(0);
		expect(none.out()).toBe('no dismissed escalations\n');
	});

	it('reads DATABASE_PATH from .env when --db is not given', async () => {
		const { dir } = seed(1);
		const io = captureIo(dir);
		const { writeFileSync } = await import('node:fs');
		writeFileSync(path.join(dir, '.env'), 'DATABASE_PATH=data/doorman.db\n');
		expect(await command.run(['list'], io)).toBe(0);
		expect(io.out()).toMatch(/#1\s+open/);
	});
});

describe('doorman escalations show', () => {
	it('shows the redacted summary, the conversation and the audit trail', async () => {
		const { dir, db } = seed(3);
		const io = captureIo(dir);
		expect(await command.run(['show', '3', '--db', db], io)).toBe(0);
		const out = io.out();
		expect(out).toMatch(/^Escalation #3 · resolved · episode 1\n/);
		expect(out).toMatch(/Thread: +thread 3 — https:\/\/discord\.com\/channels\//);
		expect(out).toMatch(/Trigger: +didnt_help \(owner said the answer didn't help\)/);
		expect(out).toMatch(/Cause: +BYOK key rejected by the provider \[403-openrouter-byok\] \(42%\)/);
		expect(out).toMatch(/Error: +HTTP 403 · model_not_found · Provider returned error/);
		expect(out).toMatch(/Note: +vendor fixed it/);
		expect(out).toContain('Conversation:\n  ana: 403 again [REDACTED:google]');
		expect(out).toMatch(
			/Audit:\n {2}2025-01-02 10:03 +ana \(1100000000000000100\) +escalated +trigger didnt_help\n {2}\S+ \S+ +mo \(1100000000000000103\) +resolved +vendor fixed it/,
		);
		expect(leakedKeys(out)).toEqual([]);
	});

	it('shows who it goes to: To: and Cc: for a documented address, "Submit at <URL>" for a form-only vendor', async () => {
		const dir = tmp();
		const file = path.join(dir, 'data', 'doorman.db');
		const { db } = openStore(file);
		const clock = manualClock();
		const service = escalationService({
			store: escalationRepository(db),
			clock,
			vendors: VENDORS,
			defaultSupportTo: 'desk@community.test',
		});
		const threads = threadRepository(db);
		for (const [i, route] of [
			[1, 'openrouter'],
			[2, 'openai'],
		] as const) {
			const threadId = `11000000000000020${i}`;
			threads.ensure({ threadId, guildId: A_THREAD.guildId, forumId: '2', ownerId: A_THREAD.ownerId, title: 't' }, 0);
			service.escalate({
				thread: { ...A_THREAD, threadId },
				facts: { didntHelp: true },
				eventAt: clock.now(),
				triage: aTriage({ route }),
				cause: A_CAUSE,
				actor: { id: A_THREAD.ownerId, name: 'ana' },
			});
		}
		db.close();
		const routed = captureIo(dir);
		expect(await command.run(['show', '1', '--db', file], routed)).toBe(0);
		expect(routed.out()).toMatch(/\nTo: +support@openrouter\.ai \(OpenRouter\)\n/);
		expect(routed.out()).toMatch(/\nCc: +desk@community\.test \(support desk\)\n/);
		const formOnly = captureIo(dir);
		expect(await command.run(['show', '2', '--db', file], formOnly)).toBe(0);
		expect(formOnly.out()).toMatch(/\nTo: +desk@community\.test \(support desk\)\n/);
		expect(formOnly.out()).toMatch(/\nWeb form: +OpenAI: Submit at https:\/\/help\.openai\.com\//);
	});

	it('says clearly when the id is unknown (exit 1)', async () => {
		const { dir, db } = seed(1);
		const io = captureIo(dir);
		expect(await command.run(['show', '42', '--db', db], io)).toBe(1);
		expect(io.err()).toBe('doorman escalations: there is no escalation #42\n');
	});
});

describe('doorman escalations resolve', () => {
	it('resolves with a note as cli:<name>, audited, and refuses to resolve twice', async () => {
		const { dir, db } = seed(2);
		const io = captureIo(dir);
		const args = ['resolve', '2', '--cause', 'unsupported_region', '--note', 'handled by email', '--as', 'alice'];
		expect(await command.run([...args, '--db', db], io)).toBe(0);
		// The thread's report (here only its title: no owner messages were stored) becomes a community case.
		expect(io.out()).toBe(
			'resolved escalation #2 (was claimed) as cli:alice with cause unsupported_region; community case #1\n',
		);
		const show = captureIo(dir);
		await command.run(['show', '2', '--db', db], show);
		expect(show.out()).toMatch(/cli:alice \(cli:alice\) +resolved +handled by email/);
		expect(show.out()).toMatch(/Closed: +\S+ \S+ UTC by cli:alice/);
		const again = captureIo(dir);
		expect(await command.run(['resolve', '2', '--cause', 'unsupported_region', '--db', db], again)).toBe(1);
		expect(again.err()).toBe('doorman escalations: Escalation #2 is already resolved by cli:alice.\n');
	});

	it('uses the OS user when --as is not given', async () => {
		const { dir, db } = seed(1);
		const io = captureIo(dir);
		expect(await command.run(['resolve', '1', '--cause', 'Workspace locked by admin', '--db', db], io)).toBe(0);
		expect(io.out()).toMatch(
			/^resolved escalation #1 \(was open\) as cli:\S+ with new cause workspace_locked_by_admin/,
		);
	});

	it('needs --cause', async () => {
		const { dir, db } = seed(1);
		const io = captureIo(dir);
		expect(await command.run(['resolve', '1', '--db', db], io)).toBe(EXIT_USAGE);
		expect(io.err()).toMatch(/'resolve' needs --cause/);
	});

	it('shows who it goes to: To: and Cc: for a documented address, "Submit at <URL>" for a form-only vendor', async () => {
		const dir = tmp();
		const file = path.join(dir, 'data', 'doorman.db');
		const { db } = openStore(file);
		const clock = manualClock();
		const service = escalationService({
			store: escalationRepository(db),
			clock,
			vendors: VENDORS,
			defaultSupportTo: 'desk@community.test',
		});
		const threads = threadRepository(db);
		for (const [i, route] of [
			[1, 'openrouter'],
			[2, 'openai'],
		] as const) {
			const threadId = `11000000000000020${i}`;
			threads.ensure({ threadId, guildId: A_THREAD.guildId, forumId: '2', ownerId: A_THREAD.ownerId, title: 't' }, 0);
			service.escalate({
				thread: { ...A_THREAD, threadId },
				facts: { didntHelp: true },
				eventAt: clock.now(),
				triage: aTriage({ route }),
				cause: A_CAUSE,
				actor: { id: A_THREAD.ownerId, name: 'ana' },
			});
		}
		db.close();
		const routed = captureIo(dir);
		expect(await command.run(['show', '1', '--db', file], routed)).toBe(0);
		expect(routed.out()).toMatch(/\nTo: +support@openrouter\.ai \(OpenRouter\)\n/);
		expect(routed.out()).toMatch(/\nCc: +desk@community\.test \(support desk\)\n/);
		const formOnly = captureIo(dir);
		expect(await command.run(['show', '2', '--db', file], formOnly)).toBe(0);
		expect(formOnly.out()).toMatch(/\nTo: +desk@community\.test \(support desk\)\n/);
		expect(formOnly.out()).toMatch(/\nWeb form: +OpenAI: Submit at https:\/\/help\.openai\.com\//);
	});

	it('says clearly when the id is unknown (exit 1)', async () => {
		const { dir, db } = seed(1);
		const io = captureIo(dir);
		expect(await command.run(['resolve', '9', '--cause', 'other', '--db', db], io)).toBe(1);
		expect(io.err()).toBe('doorman escalations: there is no escalation #9\n');
	});
});

describe('bad arguments', () => {
	it.each([
		[[], /missing sub-command/],
		[['frob'], /unknown sub-command 'frob'/],
		[['show'], /'show' needs an escalation id/],
		[['show', 'abc'], /'abc' is not an escalation id/],
		[['show', '0'], /'0' is not an escalation id/],
		[['show', '1', '2'], /unexpected argument '2'/],
		[['list', 'x'], /unexpected argument 'x'/],
		[['list', '--status', 'lost'], /unknown status 'lost'/],
		[['list', '--page', '0'], /--page must be a positive whole number/],
		[['list', '--page', 'two'], /--page must be a positive whole number/],
		[['list', '--note', 'x'], /--note does not apply to 'list'/],
		[['show', '1', '--status', 'open'], /--status does not apply to 'show'/],
		[['resolve', '1', '--bogus'], /Unknown option '--bogus'/],
		[['resolve', '1', '--as', ' '], /--as/],
	])('%j prints usage and exits 2', async (args, message) => {
		const { dir, db } = seed(1);
		const io = captureIo(dir);
		expect(await command.run([...args, '--db', db], io)).toBe(2);
		expect(io.err()).toMatch(message);
		expect(io.err()).toContain('usage:\n  doorman escalations list');
	});

	it('is registered under the name escalations', () => {
		expect(command.name).toBe('escalations');
	});
});
