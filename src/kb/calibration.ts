import { z } from 'zod';

/**
 * Maps the matcher's raw confidence to the share of answers that were right at that confidence, measured on
 * held-out predictions (isotonic regression: monotone, piecewise constant, interpolated between knots).
 */
export const CalibrationSchema = z.strictObject({
	/** How the knots were measured, for people reading the file. */
	method: z.string(),
	cases: z.number().int().min(0),
	/** Raw confidence → share right, raw ascending, share non-decreasing. */
	knots: z
		.array(z.strictObject({ raw: z.number().min(0).max(1), p: z.number().min(0).max(1) }))
		.min(1)
		.refine((k) => k.every((x, i) => i === 0 || (x.raw >= (k[i - 1]?.raw ?? 0) && x.p >= (k[i - 1]?.p ?? 0))), {
			message: 'knots must be ascending in raw and non-decreasing in p',
		}),
});
export type Calibration = z.infer<typeof CalibrationSchema>;

/** A held-out prediction: its raw confidence and whether it was right. */
export interface Outcome {
	readonly raw: number;
	readonly right: boolean;
}

/** Pool-adjacent-violators over outcomes sorted by raw confidence; each block becomes one knot at its mean raw. */
/**
 * Least number of held-out predictions behind one knot: PAV alone makes many tiny blocks whose share right is noise,
 * and a confidence of 0.85 resting on three cases is not a measurement.
 */
export const MIN_BLOCK = 30;

/**
 * High confidence is a promise (the bot states it, the eval counts wrong answers above it): a knot may claim it only
 * when the lower end of its block's Wilson interval (`LOWER_BOUND_Z` standard errors: one-sided 99.95%) clears it.
 * A block measured right 85% of the time on a few dozen cases may be right 75% of the time on the next ones; it is
 * placed just under the line instead. At 99.5% one more right answer in a block of about forty near the line moved a
 * whole fold's answers from 0.799 to 0.93 (cross-validation counted four more wrong answers at ≥ 0.8).
 */
export const HIGH_CLAIM = 0.8;
export const LOWER_BOUND_Z = 3.291;

/** Wilson score interval's lower end for `right` successes in `n` trials. */
export function wilsonLower(right: number, n: number, z: number): number {
	if (n === 0) return 0;
	const p = right / n;
	const z2 = z * z;
	const centre = p + z2 / (2 * n);
	const margin = z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
	return Math.max(0, (centre - margin) / (1 + z2 / n));
}

export function fitCalibration(
	outcomes: readonly Outcome[],
	method: string,
	minBlock = MIN_BLOCK,
	z = LOWER_BOUND_Z,
): Calibration {
	const sorted = [...outcomes].sort((a, b) => a.raw - b.raw);
	// Two pseudo-observations at the ends keep the curve off 0 and 1 where data are few (a Laplace-style prior).
	const blocks: { sumRaw: number; sumRight: number; n: number }[] = [];
	for (const o of [{ raw: 0, right: false }, ...sorted, { raw: 1, right: true }]) {
		blocks.push({ sumRaw: o.raw, sumRight: o.right ? 1 : 0, n: 1 });
		while (blocks.length >= 2) {
			const b = blocks[blocks.length - 1];
			const a = blocks[blocks.length - 2];
			if (a === undefined || b === undefined || a.sumRight / a.n <= b.sumRight / b.n) break;
			blocks.splice(blocks.length - 2, 2, {
				sumRaw: a.sumRaw + b.sumRaw,
				sumRight: a.sumRight + b.sumRight,
				n: a.n + b.n,
			});
		}
	}
	// Merge blocks smaller than `minBlock` into the neighbour closer in share right (means stay ordered).
	for (let i = 0; i < blocks.length && blocks.length > 1; ) {
		const b = blocks[i];
		if (b === undefined || b.n >= minBlock) {
			i += 1;
			continue;
		}
		const left = blocks[i - 1];
		const right = blocks[i + 1];
		const share = (x: { sumRight: number; n: number }) => x.sumRight / x.n;
		const intoLeft =
			right === undefined ||
			(left !== undefined && Math.abs(share(left) - share(b)) <= Math.abs(share(right) - share(b)));
		const j = intoLeft ? i - 1 : i + 1;
		const other = blocks[j];
		if (other === undefined) break;
		const merged = { sumRaw: b.sumRaw + other.sumRaw, sumRight: b.sumRight + other.sumRight, n: b.n + other.n };
		blocks.splice(Math.min(i, j), 2, merged);
		i = Math.max(0, Math.min(i, j));
	}
	const round = (x: number) => Math.round(x * 1000) / 1000;
	// A knot claims high confidence only when its block's lower bound clears it; kept non-decreasing.
	let floor = 0;
	const knots = blocks.map((b) => {
		// A block with no wrong answer is not certainty: it claims (n + 1) / (n + 2) (Laplace's rule of succession).
		const share = z > 0 && b.sumRight === b.n ? (b.n + 1) / (b.n + 2) : b.sumRight / b.n;
		const claim = share >= HIGH_CLAIM && wilsonLower(b.sumRight, b.n, z) < HIGH_CLAIM ? HIGH_CLAIM - 0.001 : share;
		floor = Math.max(floor, claim);
		return { raw: round(b.sumRaw / b.n), p: round(floor) };
	});
	return { method, cases: outcomes.length, knots };
}

/** The calibrated confidence of a raw one (linear between knots below the high-confidence line, flat beyond the ends). */
export function calibrate(calibration: Calibration | null, raw: number): number {
	if (calibration === null) return raw;
	const { knots } = calibration;
	const first = knots[0];
	const last = knots[knots.length - 1];
	if (first === undefined || last === undefined) return raw;
	if (raw <= first.raw) return first.p;
	if (raw >= last.raw) return last.p;
	for (let i = 1; i < knots.length; i += 1) {
		const hi = knots[i];
		const lo = knots[i - 1];
		if (hi === undefined || lo === undefined || raw > hi.raw) continue;
		// Across the high-confidence line there is no interpolation: a raw confidence between a block that could not
		// claim it and one that could belongs to the nearer block, so no answer is promised more than a block earned.
		if (hi.p >= HIGH_CLAIM && lo.p < HIGH_CLAIM) return raw >= (lo.raw + hi.raw) / 2 ? hi.p : lo.p;
		const span = hi.raw - lo.raw;
		const p = span === 0 ? hi.p : lo.p + ((raw - lo.raw) / span) * (hi.p - lo.p);
		return Math.round(p * 1000) / 1000;
	}
	return last.p;
}
