import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { escalationService } from '../../src/escalation/service.js';
import type { Actor } from '../../src/escalation/types.js';
import { escalationRepository } from '../../src/store/escalations.js';
import { openStore } from '../../src/store/open.js';
import { sqliteThreadPorts } from '../../src/store/ports.js';
import { moderate } from '../../src/thread/moderation.js';
import { useTmpDir } from '../support/tmp-dir.js';
import { A_THREAD, aTriage, manualClock } from '../unit/escalation/fixtures.js';

const tmp = useTmpDir();
const MO: Actor = { id: '1100000000000000103', name: 'mo' };

/** A thread handed to the team (state escalated, muted by its owner) with one open escalation, over one SQLite file. */
function escalatedThread() {
	const { db } = openStore(path.join(tmp(), 'moderation.db'));
	const clock = manualClock();
	const service = escalationService({ store: escalationRepository(db), clock });
	const ports = sqliteThreadPorts(db, service, clock);
	ports.threads.ensure({ ...A_THREAD, forumId: '1100000000000000002' }, clock.now());
	ports.threads.setState(A_THREAD.threadId, 'escalated', clock.now());
	ports.threads.setMuted(A_THREAD.threadId, true, A_THREAD.ownerId, clock.now());
	const escalated = service.escalate({
		thread: A_THREAD,
		facts: { didntHelp: true },
		eventAt: clock.now(),
		triage: aTriage(),
		cause: null,
	});
	if (escalated.kind !== 'escalated') throw new Error('expected an escalation');
	clock.advance(60_000);
	/** Makes every later write to `table` fail in SQLite itself, as a full disk or a constraint would. */
	const failWritesTo = (table: 'threads' | 'escalations') =>
		db.exec(
			`CREATE TEMP TRIGGER fail_${table} BEFORE UPDATE ON ${table} BEGIN SELECT RAISE(ABORT, 'write refused'); END`,
		);
	const healWritesTo = (table: 'threads' | 'escalations') => db.exec(`DROP TRIGGER temp.fail_${table}`);
	const snapshot = () => ({
		escalation: service.show(escalated.escalation.id)?.escalation,
		audit: service.show(escalated.escalation.id)?.audit.map((a) => a.action),
		thread: ports.threads.get(A_THREAD.threadId),
	});
	return { db, service, ports, id: escalated.escalation.id, failWritesTo, healWritesTo, snapshot };
}

describe('a moderator action over SQLite: the escalation and its thread change together', () => {
	it('resolves the escalation and solves the thread in one go', async () => {
		const { service, ports, id, snapshot, db } = escalatedThread();
		const outcome = await moderate(ports, service, 'resolve', id, MO, 'fixed');
		expect(outcome).toMatchObject({
			result: { kind: 'ok', escalation: { status: 'resolved' } },
			thread: { id: A_THREAD.threadId, state: 'solved' },
		});
		expect(snapshot()).toMatchObject({
			escalation: { status: 'resolved', closedBy: MO.id },
			audit: ['escalated', 'resolved'],
			thread: { state: 'solved', muted: true },
		});
		db.close();
	});

	it('leaves neither changed when the thread write (the second) fails', async () => {
		const { service, ports, id, snapshot, failWritesTo, healWritesTo, db } = escalatedThread();
		const before = snapshot();
		failWritesTo('threads');
		await expect(moderate(ports, service, 'resolve', id, MO, 'fixed')).rejects.toThrow('write refused');
		expect(snapshot()).toEqual(before);
		expect(before).toMatchObject({
			escalation: { status: 'open' },
			audit: ['escalated'],
			thread: { state: 'escalated' },
		});
		// Nothing was left half done: the same press succeeds once the store accepts writes again.
		healWritesTo('threads');
		expect((await moderate(ports, service, 'resolve', id, MO, 'fixed')).result.kind).toBe('ok');
		expect(snapshot()).toMatchObject({ escalation: { status: 'resolved' }, thread: { state: 'solved' } });
		db.close();
	});

	it('keeps the audited Unmute press only with the thread unmuted', async () => {
		const { service, ports, id, snapshot, failWritesTo, db } = escalatedThread();
		const before = snapshot();
		failWritesTo('threads');
		await expect(moderate(ports, service, 'unmute', id, MO)).rejects.toThrow('write refused');
		expect(snapshot()).toEqual(before);
		expect(before).toMatchObject({ audit: ['escalated'], thread: { muted: true } });
		db.close();
	});

	it('leaves the thread as it was when the escalation write (the first) fails', async () => {
		const { service, ports, id, snapshot, failWritesTo, db } = escalatedThread();
		const before = snapshot();
		failWritesTo('escalations');
		await expect(moderate(ports, service, 'dismiss', id, MO)).rejects.toThrow('write refused');
		expect(snapshot()).toEqual(before);
		db.close();
	});

	it('changes neither on a refused action', async () => {
		const { service, ports, id, snapshot, db } = escalatedThread();
		await moderate(ports, service, 'dismiss', id, MO);
		const before = snapshot();
		const outcome = await moderate(ports, service, 'resolve', id, MO);
		expect(outcome).toMatchObject({ result: { kind: 'refused', reason: 'CLOSED' }, thread: null });
		expect(snapshot()).toEqual(before);
		expect(before).toMatchObject({ escalation: { status: 'dismissed' }, thread: { state: 'answered' } });
		db.close();
	});
});
