/** One row of the benchmark table. Times in milliseconds. */
export interface BenchResult {
	name: string;
	median_ms: number;
	p99_ms: number;
	ops_per_sec: number;
	notes?: string;
}

export function percentile(sorted: readonly number[], p: number): number {
	if (sorted.length === 0) return Number.NaN;
	const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
	return sorted[index] ?? Number.NaN;
}

/** Summarises per-operation durations (ms) into a row. */
export function summarise(name: string, durations: readonly number[], notes?: string): BenchResult {
	const sorted = [...durations].sort((a, b) => a - b);
	const total = sorted.reduce((a, b) => a + b, 0);
	return {
		name,
		median_ms: percentile(sorted, 50),
		p99_ms: percentile(sorted, 99),
		ops_per_sec: total > 0 ? (sorted.length * 1000) / total : Number.NaN,
		...(notes === undefined ? {} : { notes }),
	};
}
