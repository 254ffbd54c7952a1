import { describe, expect, it } from 'vitest';
import { evaluateHealth, type HealthSource } from '../../src/ops/health.js';

function source(overrides: Partial<HealthSource> = {}): HealthSource {
	return {
		isGatewayConnected: () => true,
		isDatabaseWritable: () => true,
		lastEventAt: () => 1_000,
		now: () => 6_000,
		...overrides,
	};
}

describe('evaluateHealth', () => {
	it('is healthy when the gateway is connected and the database is writable, and reports the event age', () => {
		expect(evaluateHealth(source())).toEqual({
			ok: true,
			checks: { gateway: true, database: true, lastEventAgeMs: 5_000 },
		});
	});

	it('reports whether screenshots are read, without failing the check when they are not', () => {
		expect(evaluateHealth(source({ isOcrAvailable: () => false }))).toEqual({
			ok: true,
			checks: { gateway: true, database: true, lastEventAgeMs: 5_000, ocr: false },
		});
		expect(evaluateHealth(source({ isOcrAvailable: () => true })).checks.ocr).toBe(true);
	});

	it('is unhealthy when the gateway is disconnected', () => {
		const report = evaluateHealth(source({ isGatewayConnected: () => false }));
		expect(report.ok).toBe(false);
		expect(report.checks.gateway).toBe(false);
		expect(report.checks.database).toBe(true);
	});

	it('is unhealthy when the database is not writable', () => {
		const report = evaluateHealth(source({ isDatabaseWritable: () => false }));
		expect(report.ok).toBe(false);
		expect(report.checks.database).toBe(false);
	});

	it('counts a probe that throws as failing instead of throwing', () => {
		const report = evaluateHealth(
			source({
				isDatabaseWritable: () => {
					throw new Error('closed');
				},
				lastEventAt: () => {
					throw new Error('broken');
				},
			}),
		);
		expect(report).toEqual({ ok: false, checks: { gateway: true, database: false, lastEventAgeMs: null } });
	});

	it('reports a null age before the first event and does not fail on it, even with a limit', () => {
		const report = evaluateHealth(source({ lastEventAt: () => null }), { maxEventAgeMs: 1 });
		expect(report).toEqual({ ok: true, checks: { gateway: true, database: true, lastEventAgeMs: null } });
	});

	it('does not fail on an old last event when no limit is set', () => {
		const report = evaluateHealth(source({ lastEventAt: () => 0, now: () => 86_400_000 }));
		expect(report.ok).toBe(true);
		expect(report.checks.lastEventAgeMs).toBe(86_400_000);
	});

	it('fails only once the last event is older than the limit', () => {
		expect(evaluateHealth(source(), { maxEventAgeMs: 5_000 }).ok).toBe(true);
		expect(evaluateHealth(source(), { maxEventAgeMs: 4_999 }).ok).toBe(false);
	});

	it('never reports a negative age when the clock is behind the last event', () => {
		expect(evaluateHealth(source({ lastEventAt: () => 7_000 })).checks.lastEventAgeMs).toBe(0);
	});

	it('fails on database problems when the source reports them, and lists them', () => {
		const report = evaluateHealth(source({ databaseProblems: () => ['quick_check: page 4 is damaged'] }));
		expect(report).toEqual({
			ok: false,
			checks: {
				gateway: true,
				database: false,
				lastEventAgeMs: 5_000,
				databaseProblems: ['quick_check: page 4 is damaged'],
			},
		});
		expect(evaluateHealth(source({ databaseProblems: () => [] })).ok).toBe(true);
		const throwing = evaluateHealth(
			source({
				databaseProblems: () => {
					throw new Error('disk I/O error');
				},
			}),
		);
		expect(throwing.checks.databaseProblems).toEqual(['disk I/O error']);
	});
});
