import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	type Calibration,
	CalibrationSchema,
	calibrate,
	fitCalibration,
	HIGH_CLAIM,
	LOWER_BOUND_Z,
	wilsonLower,
} from '../../../src/kb/calibration.js';

const calibration = (knots: Calibration['knots']): Calibration => ({ method: 'test', cases: 10, knots });

describe('fitCalibration', () => {
	it('with no outcomes, is the prior alone: 0 at raw 0 and 1 at raw 1', () => {
		expect(fitCalibration([], 'm', 1, 0)).toEqual({
			method: 'm',
			cases: 0,
			knots: [
				{ raw: 0, p: 0 },
				{ raw: 1, p: 1 },
			],
		});
	});

	it('pools adjacent violators into one knot at their mean raw confidence', () => {
		// Sorted with the prior: (0, wrong) (0.2, right) (0.4, wrong) (1, right); the middle two violate and are pooled.
		expect(
			fitCalibration(
				[
					{ raw: 0.4, right: false },
					{ raw: 0.2, right: true },
				],
				'm',
				1,
				0,
			).knots,
		).toEqual([
			{ raw: 0, p: 0 },
			{ raw: 0.3, p: 0.5 },
			{ raw: 1, p: 1 },
		]);
	});

	it('keeps outcomes that already rise as knots of their own', () => {
		const fitted = fitCalibration(
			[
				{ raw: 0.3, right: false },
				{ raw: 0.9, right: true },
			],
			'm',
			1,
			0,
		);
		expect(fitted.cases).toBe(2);
		expect(fitted.knots).toEqual([
			{ raw: 0, p: 0 },
			{ raw: 0.3, p: 0 },
			{ raw: 0.9, p: 1 },
			{ raw: 1, p: 1 },
		]);
	});

	it('pools a long run down to the share right in it, rounded to three decimals', () => {
		const outcomes = [0.7, 0.71, 0.72].map((raw, i) => ({ raw, right: i === 0 }));
		// (0.7, right) (0.71, wrong) (0.72, wrong) pool with each other: 1 right of 3 at mean raw 0.71.
		expect(fitCalibration(outcomes, 'm', 1, 0).knots).toEqual([
			{ raw: 0, p: 0 },
			{ raw: 0.71, p: 0.333 },
			{ raw: 1, p: 1 },
		]);
	});

	it('lets a knot claim high confidence only when its block is large enough to back it', () => {
		// 9 right of 10 is a share of 0.9, but its lower bound is far under 0.8: the knot sits just under the line.
		const few = Array.from({ length: 10 }, (_, i) => ({ raw: 0.9, right: i > 0 }));
		const fewKnot = fitCalibration(few, 'm', 5).knots.find((k) => k.raw > 0.8 && k.raw < 1);
		expect(fewKnot?.p).toBe(HIGH_CLAIM - 0.001);
		// 198 right of 200 clears it and keeps its share.
		const many = Array.from({ length: 200 }, (_, i) => ({ raw: 0.95, right: i > 1 }));
		const manyKnot = fitCalibration(many, 'm', 5).knots.find((k) => k.raw > 0.9 && k.raw < 1);
		expect(manyKnot?.p).toBeGreaterThanOrEqual(0.98);
	});

	it('computes the Wilson lower bound', () => {
		expect(wilsonLower(0, 0, 1.645)).toBe(0);
		expect(wilsonLower(9, 10, 1.645)).toBeCloseTo(0.6523, 3);
		expect(wilsonLower(9, 10, 0)).toBeCloseTo(0.9, 6);
	});

	it('does not depend on the order of the outcomes', () => {
		const outcomes = [
			{ raw: 0.9, right: true },
			{ raw: 0.1, right: true },
			{ raw: 0.5, right: false },
			{ raw: 0.6, right: true },
		];
		expect(fitCalibration(outcomes, 'm')).toEqual(fitCalibration([...outcomes].reverse(), 'm'));
		expect(fitCalibration(outcomes, 'm', 1)).toEqual(fitCalibration([...outcomes].reverse(), 'm', 1));
	});

	it('is always monotone and valid under CalibrationSchema', () => {
		const outcome = fc.record({ raw: fc.double({ min: 0, max: 1, noNaN: true }), right: fc.boolean() });
		fc.assert(
			fc.property(fc.array(outcome, { maxLength: 60 }), (outcomes) => {
				const fitted = fitCalibration(outcomes, 'property');
				expect(CalibrationSchema.safeParse(fitted).success).toBe(true);
				fitted.knots.forEach((k, i) => {
					const prev = fitted.knots[i - 1];
					if (prev === undefined) return;
					expect(k.raw).toBeGreaterThanOrEqual(prev.raw);
					expect(k.p).toBeGreaterThanOrEqual(prev.p);
				});
				for (let i = 0; i <= 20; i += 1)
					expect(calibrate(fitted, (i + 1) / 21)).toBeGreaterThanOrEqual(calibrate(fitted, i / 21));
			}),
			{ seed: 42, numRuns: 200 },
		);
	});
});

describe('calibrate', () => {
	const curve = calibration([
		{ raw: 0.2, p: 0.1 },
		{ raw: 0.6, p: 0.7 },
		{ raw: 0.8, p: 0.75 },
	]);

	it('returns the raw confidence when there is no calibration', () => {
		expect(calibrate(null, 0.42)).toBe(0.42);
	});

	it('is flat beyond the ends', () => {
		expect(calibrate(curve, 0)).toBe(0.1);
		expect(calibrate(curve, 0.2)).toBe(0.1);
		expect(calibrate(curve, 0.8)).toBe(0.75);
		expect(calibrate(curve, 1)).toBe(0.75);
	});

	it('interpolates linearly between knots, rounded to three decimals', () => {
		expect(calibrate(curve, 0.4)).toBe(0.4);
		expect(calibrate(curve, 0.3)).toBe(0.25);
		expect(calibrate(curve, 0.6)).toBe(0.7);
		expect(calibrate(curve, 0.7)).toBe(0.725);
		expect(calibrate(curve, 0.201)).toBe(0.102);
	});

	it('does not interpolate across the high-confidence line: the nearer knot decides', () => {
		const crossing = calibration([
			{ raw: 0.5, p: 0.6 },
			{ raw: 0.7, p: 0.799 },
			{ raw: 0.9, p: 0.98 },
		]);
		expect(calibrate(crossing, 0.79)).toBe(0.799);
		expect(calibrate(crossing, 0.8)).toBe(0.98);
		expect(calibrate(crossing, 0.85)).toBe(0.98);
		expect(calibrate(crossing, 0.6)).toBe(0.7);
	});

	it('at a step (two knots at one raw confidence) gives the lower p, and interpolates from the upper one after it', () => {
		const step = calibration([
			{ raw: 0.2, p: 0.1 },
			{ raw: 0.5, p: 0.3 },
			{ raw: 0.5, p: 0.7 },
			{ raw: 0.9, p: 0.78 },
		]);
		expect(calibrate(step, 0.35)).toBe(0.2);
		expect(calibrate(step, 0.5)).toBe(0.3);
		expect(calibrate(step, 0.7)).toBe(0.74);
	});

	it('is constant with a single knot', () => {
		const one = calibration([{ raw: 0.5, p: 0.8 }]);
		expect([0, 0.5, 1].map((raw) => calibrate(one, raw))).toEqual([0.8, 0.8, 0.8]);
	});
});

describe('CalibrationSchema', () => {
	it('accepts ascending knots, equal neighbours included', () => {
		expect(
			CalibrationSchema.safeParse(
				calibration([
					{ raw: 0, p: 0 },
					{ raw: 0.5, p: 0.5 },
					{ raw: 0.5, p: 0.5 },
					{ raw: 1, p: 1 },
				]),
			).success,
		).toBe(true);
	});

	it.each([
		[
			'p going down',
			[
				{ raw: 0.2, p: 0.6 },
				{ raw: 0.8, p: 0.4 },
			],
		],
		[
			'raw going down',
			[
				{ raw: 0.8, p: 0.4 },
				{ raw: 0.2, p: 0.6 },
			],
		],
	])('rejects knots with %s', (_, knots) => {
		const parsed = CalibrationSchema.safeParse(calibration(knots));
		expect(parsed.success).toBe(false);
		expect(parsed.error?.issues.map((i) => i.message)).toEqual([
			'knots must be ascending in raw and non-decreasing in p',
		]);
	});

	it.each([
		['no knots', { method: 'm', cases: 0, knots: [] }],
		['p above 1', calibration([{ raw: 0.5, p: 1.2 }])],
		['raw below 0', calibration([{ raw: -0.1, p: 0.2 }])],
		['a negative number of cases', { method: 'm', cases: -1, knots: [{ raw: 0, p: 0 }] }],
		['an unknown field', { ...calibration([{ raw: 0, p: 0 }]), extra: 1 }],
	])('rejects %s', (_, value) => {
		expect(CalibrationSchema.safeParse(value).success).toBe(false);
	});
});

describe('fitCalibration with a minimum block size', () => {
	it('merges knots resting on fewer predictions than the minimum into their closest neighbour', () => {
		const outcomes = Array.from({ length: 60 }, (_, i) => ({ raw: i / 60, right: i % 3 !== 0 || i > 40 }));
		const fine = fitCalibration(outcomes, 'm', 1);
		const coarse = fitCalibration(outcomes, 'm', 20);
		expect(coarse.knots.length).toBeLessThan(fine.knots.length);
		expect(coarse.knots.length).toBeLessThanOrEqual(Math.ceil(62 / 20));
		expect(coarse.knots.every((k, i) => i === 0 || k.p >= (coarse.knots[i - 1]?.p ?? 0))).toBe(true);
	});
});

describe('the high-confidence promise', () => {
	it('places a block right 87 times in 100 just under the line: its 99.95% lower bound does not clear 0.8', () => {
		const outcomes = [
			...Array.from({ length: 100 }, (_, i) => ({ raw: 0.5, right: i < 87 })),
			...Array.from({ length: 300 }, () => ({ raw: 0.95, right: true })),
		];
		const fitted = fitCalibration(outcomes, 'test');
		expect(wilsonLower(87, 100, LOWER_BOUND_Z)).toBeLessThan(HIGH_CLAIM);
		expect(calibrate(fitted, 0.5)).toBeLessThan(HIGH_CLAIM);
		expect(calibrate(fitted, 0.95)).toBeGreaterThanOrEqual(HIGH_CLAIM);
	});

	it('needs 94 right in 100 before a block may claim it', () => {
		expect(wilsonLower(93, 100, LOWER_BOUND_Z)).toBeLessThan(HIGH_CLAIM);
		expect(wilsonLower(94, 100, LOWER_BOUND_Z)).toBeGreaterThanOrEqual(HIGH_CLAIM);
	});
});
