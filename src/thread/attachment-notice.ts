import type { SkippedAttachment } from '../model.js';

const WHY: Record<SkippedAttachment['reason'], string> = {
	too_large: 'it is larger than I read',
	not_text: 'it is not a text file',
	download_failed: 'I could not download it',
};

/**
 * One line telling the poster which attachments were not read and what to do instead.
 * File names are shown as code so they cannot format, link or mention.
 */
export function attachmentNotice(skipped: readonly SkippedAttachment[]): string | null {
	if (skipped.length === 0) return null;
	const parts = skipped.slice(0, 5).map((s) => `\`${s.name.replace(/[`\n\r]/g, '').slice(0, 60)}\` (${WHY[s.reason]})`);
	const more = skipped.length > 5 ? ` and ${skipped.length - 5} more` : '';
	return `-# I did not read ${parts.join(', ')}${more}. Paste the error part as text, or attach a smaller .txt file.`;
}
