import { z } from 'zod';

/**
 * Button ids as a versioned codec (`fb:v1:solved:<threadId>`), parsed with zod, well under
 * Discord's 100-character limit. Never JSON in a custom_id.
 */
const FeedbackIdSchema = z
	.string()
	.max(100)
	.regex(/^fb:v1:(solved|didnt_help):\d{1,20}$/)
	.transform((s) => {
		const [, , action, threadId] = s.split(':');
		return { kind: 'feedback' as const, action: action as 'solved' | 'didnt_help', threadId: threadId ?? '' };
	});

export type ParsedCustomId = z.output<typeof FeedbackIdSchema>;

export const feedbackId = (action: 'solved' | 'didnt_help', threadId: string): string => `fb:v1:${action}:${threadId}`;

export function parseCustomId(customId: string): ParsedCustomId | null {
	const result = FeedbackIdSchema.safeParse(customId);
	return result.success ? result.data : null;
}
