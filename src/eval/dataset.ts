import { z } from 'zod';

/** One labelled report (the format of `shared/eval/dev.jsonl`; extra fields are kept but unused). */
export const EvalCaseSchema = z.looseObject({
	id: z.string().min(1),
	report: z.string(),
	cause: z.string().min(1),
	/** The text alone cannot tell the cause: abstaining counts as right. */
	underdetermined: z.boolean().optional().default(false),
});
export type EvalCase = z.infer<typeof EvalCaseSchema>;

/** Parses JSONL: one case per non-empty line. Problems name the line. */
export function parseEvalCases(text: string): { cases: EvalCase[]; problems: string[] } {
	const cases: EvalCase[] = [];
	const problems: string[] = [];
	text.split(/\r?\n/).forEach((line, i) => {
		if (line.trim() === '') return;
		let json: unknown;
		try {
			json = JSON.parse(line);
		} catch (error) {
			problems.push(`line ${i + 1}: not JSON (${error instanceof Error ? error.message : String(error)})`);
			return;
		}
		const parsed = EvalCaseSchema.safeParse(json);
		if (parsed.success) cases.push(parsed.data);
		else
			problems.push(
				`line ${i + 1}: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ')}`,
			);
	});
	return { cases, problems };
}
