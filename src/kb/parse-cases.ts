import { CaseSchema, type KbCase } from './case-schema.js';
import type { KbProblem } from './errors.js';

/** One case file, parsed: the valid cases with their line numbers, and a problem per bad line. */
export interface ParsedCaseFile {
	readonly file: string;
	readonly cases: readonly { readonly line: number; readonly value: KbCase }[];
	readonly problems: readonly KbProblem[];
}

/** Parses a JSONL case file; each bad line becomes one `file:line: problem`. Pure. */
export function parseCaseFile(file: string, text: string): ParsedCaseFile {
	const cases: { line: number; value: KbCase }[] = [];
	const problems: KbProblem[] = [];
	text.split(/\r?\n/).forEach((raw, i) => {
		const line = i + 1;
		if (raw.trim() === '') return;
		let json: unknown;
		try {
			json = JSON.parse(raw);
		} catch (error) {
			problems.push({ file, line, message: `not JSON: ${error instanceof Error ? error.message : String(error)}` });
			return;
		}
		const parsed = CaseSchema.safeParse(json);
		if (parsed.success) cases.push({ line, value: parsed.data });
		else
			for (const issue of parsed.error.issues)
				problems.push({ file, line, message: `${issue.path.join('.') || '(case)'}: ${issue.message}` });
	});
	return { file, cases, problems };
}
