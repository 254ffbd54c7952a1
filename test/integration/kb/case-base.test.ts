import { afterAll, describe, expect, it } from 'vitest';
import { caseGroup } from '../../../src/kb/case-schema.js';
import { CAUSE_IDS } from '../../../src/kb/causes.js';
import { buildEvidence } from '../../../src/kb/evidence.js';
import { MAX_CASES_PER_GROUP } from '../../../src/kb/lint-cases.js';
import { openKb } from '../../../src/kb/load.js';
import { defaultKbDir } from '../../../src/paths.js';
import { aTriage } from '../../unit/kb/a-triage.js';

const open = openKb(defaultKbDir());
afterAll(() => open.close());

/** Cases per group (repository or forum). */
const groups = new Map<string, number>();
for (const c of open.cases) groups.set(caseGroup(c.source), (groups.get(caseGroup(c.source)) ?? 0) + 1);

describe('the shipped case base (kb/cases)', () => {
	it('holds at least 400 cases from at least 150 repositories or forums', () => {
		expect(open.cases.length).toBeGreaterThanOrEqual(400);
		expect(groups.size).toBeGreaterThanOrEqual(150);
		expect(open.kb.cases?.size).toBe(open.cases.length);
	});

	it(`has at most ${MAX_CASES_PER_GROUP} cases from any one group`, () => {
		const crowded = [...groups].filter(([, n]) => n > MAX_CASES_PER_GROUP).map(([g, n]) => `${g}: ${n}`);
		expect(crowded).toEqual([]);
		expect(MAX_CASES_PER_GROUP).toBeLessThanOrEqual(5);
	});

	it('is at least 30% in languages other than English', () => {
		const other = open.cases.filter((c) => c.lang !== 'en').length;
		expect(other / open.cases.length).toBeGreaterThanOrEqual(0.3);
	});

	it('has cases for every cause id of the taxonomy', () => {
		const labelled = new Set(open.cases.map((c) => c.cause));
		expect(CAUSE_IDS.filter((id) => !labelled.has(id))).toEqual([]);
	});

	it('has unique case ids', () => {
		expect(new Set(open.cases.map((c) => c.id)).size).toBe(open.cases.length);
	});
});

describe('the shipped concept vocabulary (kb/concepts.yaml)', () => {
	const compiled = open.kb.concepts;

	it('is loaded', () => {
		expect(compiled?.concepts.length ?? 0).toBeGreaterThan(0);
	});

	it("fires every concept on at least one of its own examples, through the matcher's evidence", () => {
		const silent = (compiled?.concepts ?? [])
			.filter((concept) => {
				// A route the concept may fire on: its first listed route, else one it is not barred from.
				const route = concept.routes?.[0] ?? (concept.not_routes?.includes('unknown') ? 'relay' : 'unknown');
				return !concept.examples.some((text) =>
					compiled?.fire(buildEvidence(aTriage({ text, route }))).some((f) => f.id === concept.id),
				);
			})
			.map((concept) => concept.id);
		expect(silent).toEqual([]);
	});
});
