import { hasSecret } from '../triage/redact-secrets.js';
import { caseGroup } from './case-schema.js';
import { CAUSE_IDS, LOOKALIKE_CAUSE_IDS, OTHER_CAUSE, parentCause, subcauseOf } from './causes.js';
import type { KbProblem } from './errors.js';
import type { ParsedCaseFile } from './parse-cases.js';

/** No repository (or forum) may dominate the case base: it would also dominate cross-validation. */
export const MAX_CASES_PER_GROUP = 5;

const REPORTED_CAUSES: ReadonlySet<string> = new Set<string>([...CAUSE_IDS, ...LOOKALIKE_CAUSE_IDS, OTHER_CAUSE]);

/**
 * Checks the case base: schema problems from parsing, unique ids, causes in today's taxonomy with refined ids under
 * their parent, entry ids that exist, no secret left in any text, and at most `MAX_CASES_PER_GROUP` cases per
 * repository or forum. Pure; returns every problem.
 *
 * `perGroupCap: false` leaves out the per-forum cap: it keeps one forum from dominating the shipped base's
 * cross-validation, and means nothing for a community importing its own resolved threads into its own database.
 */
export function lintCases(
	files: readonly ParsedCaseFile[],
	entryIds: ReadonlySet<string>,
	options: { readonly perGroupCap?: boolean } = {},
): KbProblem[] {
	const problems: KbProblem[] = files.flatMap((f) => [...f.problems]);
	const ids = new Map<string, string>();
	const groups = new Map<string, { file: string; line: number }[]>();
	for (const { file, cases } of files) {
		for (const { line, value: c } of cases) {
			const at = (message: string) => problems.push({ file, line, message });
			const first = ids.get(c.id);
			if (first === undefined) ids.set(c.id, `${file}:${line}`);
			else at(`duplicate case id '${c.id}' (also ${first})`);
			if (!REPORTED_CAUSES.has(c.cause))
				at(`cause '${c.cause}' is not in today's taxonomy (one of the 24 ids, rate_limited or other)`);
			if (c.subcause !== undefined) {
				if (subcauseOf(c.subcause) === null) at(`subcause '${c.subcause}' is not a refined id (src/kb/causes.ts)`);
				else if (parentCause(c.subcause) !== c.cause)
					at(`subcause '${c.subcause}' refines '${parentCause(c.subcause)}', not '${c.cause}'`);
			}
			if (c.entry !== undefined && !entryIds.has(c.entry)) at(`entry '${c.entry}' does not exist`);
			for (const field of ['error', 'situation', 'evidence'] as const)
				if (hasSecret(c[field])) at(`${field} holds a key or token: redact it`);
			const group = caseGroup(c.source);
			groups.set(group, [...(groups.get(group) ?? []), { file, line }]);
		}
	}
	if (options.perGroupCap === false) return problems;
	for (const [group, where] of groups) {
		const first = where[MAX_CASES_PER_GROUP];
		if (first !== undefined)
			problems.push({
				file: first.file,
				line: first.line,
				message: `${where.length} cases from ${group} (at most ${MAX_CASES_PER_GROUP} per repository or forum)`,
			});
	}
	return problems;
}
