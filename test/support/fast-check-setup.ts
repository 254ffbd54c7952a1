import fc from 'fast-check';

/**
 * Property tests draw from a fixed seed, so `npm test` gives the same verdict on every run and machine. A deeper random
 * search is on demand: `FC_SEED=random FC_RUNS=1000 npx vitest run test/unit/triage` (a failure prints its seed; rerun
 * it with `FC_SEED=<seed>`).
 */
export const FIXED_SEED = 1_717;

export function seedFromEnv(value: string | undefined): number | undefined {
	if (value === undefined || value === '') return FIXED_SEED;
	if (value === 'random') return undefined;
	const seed = Number(value);
	if (!Number.isSafeInteger(seed)) throw new Error(`FC_SEED must be an integer or "random", got ${value}`);
	return seed;
}

/** Runs per property: each test's own count, or FC_RUNS when that asks for more. */
export function propertyRuns(own: number): number {
	const asked = Number(process.env.FC_RUNS ?? 0);
	return Number.isSafeInteger(asked) && asked > own ? asked : own;
}

const seed = seedFromEnv(process.env.FC_SEED);
fc.configureGlobal({ ...(seed === undefined ? {} : { seed }), numRuns: propertyRuns(100) });
