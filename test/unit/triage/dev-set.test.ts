import { describe, expect, it } from 'vitest';
import { normaliseModelId } from '../../../src/triage/model-id.js';
import { loadDevSet } from '../../fixtures/triage/dev-set.js';
import { triage } from './helpers.js';

const reports = loadDevSet();

/** The same normalisation both sides: case, whitespace as `-`, vendor prefix kept. */
const normalised = (model: string): string => normaliseModelId(model) ?? model.trim().toLowerCase();

describe('dev set (../shared/eval/dev.jsonl)', () => {
	it('has the 31 labelled reports', () => {
		expect(reports.length).toBe(31);
	});

	it.each(reports.filter((r) => r.http_status !== null).map((r) => [r.id, r] as const))(
		'%s: the status the report shows',
		(_id, report) => {
			expect(triage(report.report).error?.status).toBe(report.http_status);
		},
	);

	it.each(reports.filter((r) => r.model !== null).map((r) => [r.id, r] as const))('%s: the model', (_id, report) => {
		expect(triage(report.report).model).toBe(normalised(report.model ?? ''));
	});

	it('never invents a status for reports that show none', () => {
		for (const report of reports.filter((r) => r.http_status === null))
			expect(triage(report.report).error?.status ?? null, report.id).toBeNull();
	});

	it('finds an error body in every report that shows one', () => {
		const bodies = reports.filter((r) => r.http_status !== null).map((r) => triage(r.report).error);
		expect(bodies.every((e) => e !== null)).toBe(true);
	});
});
