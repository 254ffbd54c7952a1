import { z } from 'zod';

/** The JSON a grounded phrasing must be. */
export const PhrasedJsonSchema = z.object({
	diagnosis: z.string().trim().min(1).max(500),
	steps: z.array(z.string().trim().min(1).max(500)).min(1).max(8),
	citations: z.array(z.string().trim().min(1)).max(8),
	cause: z.string().trim().min(1),
});
export type PhrasedJson = z.infer<typeof PhrasedJsonSchema>;

/** A phrasing that passed every check, with the Discord reply rendered from it. */
export interface PhrasedAnswer extends PhrasedJson {
	/** The reply as `renderPhrased` made it (with the input's notes), at most `PHRASED_REPLY_LIMIT` characters. */
	readonly content: string;
}

/** The JSON a ranking must be; `ranking[0]` is the pick. */
export const AssistJsonSchema = z.object({
	ranking: z.array(z.object({ cause: z.string().trim().min(1), reason: z.string().default('') })).max(20),
});
export type AssistJson = z.infer<typeof AssistJsonSchema>;

/** Parses model output as JSON, tolerating one Markdown code fence around it (some local servers add one). */
export function parseModelJson(content: string): { ok: true; value: unknown } | { ok: false } {
	const fenced = /^```(?:json)?\s*\n([\s\S]*?)\n?```$/i.exec(content.trim());
	try {
		return { ok: true, value: JSON.parse(fenced?.[1] ?? content) };
	} catch {
		return { ok: false };
	}
}
