import { z } from 'zod';

/**
 * Where test/e2e/planted-keys.test.ts writes what it planted and scanned, when this environment variable names a
 * file: `npm run bench -- faults` sets it and puts the figures in BENCHMARKS.md.
 */
export const PLANTED_KEYS_SUMMARY_ENV = 'DOORMAN_PLANTED_KEYS_SUMMARY';

export const PlantedKeysSummarySchema = z.object({
	formats: z.number().int(),
	places: z.array(z.string()),
	sinks: z.array(z.string()),
	leaks: z.number().int(),
});
export type PlantedKeysSummary = z.infer<typeof PlantedKeysSummarySchema>;
