import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { communityCaseRepository, communityCaseSource } from '../../src/store/community-cases.js';
import { openStore } from '../../src/store/open.js';
import type { NewCommunityCase } from '../../src/thread/learn.js';
import { useTmpDir } from '../support/tmp-dir.js';

const tmp = useTmpDir();
const KEY = `sk-proj-${'Mn4Vb'.repeat(10)}Xx`;

const aNewCase = (overrides: Partial<NewCommunityCase> = {}): NewCommunityCase => ({
	threadId: '1100000000000000001',
	escalationId: 1,
	source: 'https://discord.com/channels/1/1100000000000000001',
	lang: 'en',
	route: 'openai',
	status: 403,
	cause: 'unsupported_region',
	isNewCause: false,
	entry: null,
	confirmedBy: 'moderator',
	actor: { id: '9', name: 'mod' },
	note: null,
	report: 'Country, region, or territory not supported',
	error: '{"error":{"code":"unsupported_country_region_territory"}}',
	learned: true,
	...overrides,
});

describe('community cases (migration 0007)', () => {
	it('keeps one case per thread (the latest confirmation), and the revision moves on every change', () => {
		const { db } = openStore(path.join(tmp(), 'cases.db'));
		const repo = communityCaseRepository(db);
		const r0 = repo.revision();
		const { id } = repo.save(aNewCase(), 1);
		const r1 = repo.revision();
		expect(r1).not.toBe(r0);
		expect(repo.save(aNewCase({ cause: 'ip_allowlist' }), 2).id).toBe(id);
		expect(repo.listLearned().map((c) => c.cause)).toEqual(['ip_allowlist']);
		expect(repo.revision()).not.toBe(r1);
		repo.save(aNewCase({ threadId: '1100000000000000002', learned: false, report: '' }), 3);
		expect(repo.listLearned()).toHaveLength(1);
		expect(repo.listSince(0)).toHaveLength(2);
		expect(repo.listSince(3)).toHaveLength(1);
		db.close();
	});

	it('a withdrawn case leaves matching but stays for the report; the source gives the matcher case-base records', () => {
		const { db } = openStore(path.join(tmp(), 'cases.db'));
		const repo = communityCaseRepository(db);
		const { id } = repo.save(aNewCase(), 1);
		const source = communityCaseSource(repo);
		expect(source.list().map((c) => c.id)).toEqual([`community-${id}`]);
		const before = source.revision();
		expect(repo.withdraw(id, 'mod', 5)).toBe(true);
		expect(repo.withdraw(id, 'mod', 6)).toBe(false);
		expect(source.revision()).not.toBe(before);
		expect(source.list()).toEqual([]);
		expect(repo.get(id)).toMatchObject({ withdrawnAt: 5, learned: false });
		db.close();
	});

	it('redacts every string it writes, whoever built it', () => {
		const { db } = openStore(path.join(tmp(), 'cases.db'));
		const repo = communityCaseRepository(db);
		const { id } = repo.save(aNewCase({ report: `key ${KEY}`, note: `note ${KEY}` }), 1);
		expect(JSON.stringify(repo.get(id))).not.toContain(KEY.slice(8));
		db.close();
	});
});
