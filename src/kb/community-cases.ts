import { buildCaseIndex } from './case-index.js';
import type { KbCase } from './case-schema.js';
import { type CompiledKb, withParts } from './match.js';

/** Where community cases come from: a revision that changes whenever they change, and the cases themselves. */
export interface CommunityCaseSource {
	/** Any value that differs after a case is stored, withdrawn or purged (compared with `!==`). */
	revision(): number;
	/** The cases the matcher may use (learned, not withdrawn), as case-base records. */
	list(): readonly KbCase[];
}

/**
 * The shipped KB with the community's confirmed cases beside the shipped case base. The case index is rebuilt from
 * both when the source's revision moves (a case stored, withdrawn or purged), at the next match: no restart, and
 * the same matcher and calibration as the shipped cases.
 */
export function communityKb(
	base: CompiledKb,
	shipped: readonly KbCase[],
	source: CommunityCaseSource,
): { current(): CompiledKb; readonly communitySize: () => number } {
	let revision: number | null = null;
	let kb = base;
	let size = 0;
	return {
		current() {
			const now = source.revision();
			if (now === revision) return kb;
			const community = source.list();
			size = community.length;
			kb = size === 0 ? base : withParts(base, { cases: buildCaseIndex([...shipped, ...community]) });
			revision = now;
			return kb;
		},
		communitySize: () => size,
	};
}
