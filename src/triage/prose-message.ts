import { clip, MAX_LINE_SCAN } from './limits.js';
import type { TextRegions } from './text-regions.js';

/** Wording of provider and gateway error messages (not of people describing them). */
const ERROR_PHRASE =
	/\b(?:not allowed|denied|forbidden|blocked|(?:does not|do not|doesn['’]t|don['’]t) have (?:access|permission)|not available|not supported|does not support|disabled|exceeded|invalid|leaked|revoked|suspended|must be verified|requires? (?:a|an|your)|insufficient|unauthori[sz]ed|not authorized|violation|restricted|not enabled|has not been used|filtered|must have|not valid|not have sufficient|does not meet|no access)\b/i;
/** The same in Chinese and Japanese (relays and apps localise their errors): no permission, not supported, denied … */
const CJK_ERROR_PHRASE =
	/无权|無權|没有权限|沒有權限|不支持|不支援|禁止|拒绝|拒絕|未开通|已被封禁|権限がありません|拒否されました|サポートされていません/;
/** People describing their problem write in the first person; error messages do not. */
const FIRST_PERSON = /\b(?:I|I'm|I've|I'd|my|me|we|our|us)\b|我|我们|私は/;
const QUOTED_AFTER_VERB =
	/\b(?:error|errors|says?|said|saying|message|returns?|returned|fails? with|failed with)\b[^"“\n]{0,30}["“]([^"”\n]{8,300})["”]/i;
const QUOTED_LINE = /^[ \t>]{0,8}["“]([^"”\n]{8,300})["”][ \t]*$/;
const STATUS_WITH_REASON = /\b[45]\d\d\b[ \t:]{0,3}(?:forbidden|unauthori[sz]ed|bad request|not found)?/gi;
const STATUS_NEARBY = /\b[45]\d\d\b/;
const LABELLED = /\bMessage[ \t]{0,2}[:=][ \t]{0,4}([^\n]{4,1000})/;

/** A message written as `Message: …` (PHP and other clients), cut before a following `, Status: …`. */
export function labelledMessage(text: string): string | null {
	const m = LABELLED.exec(text);
	if (!m?.[1]) return null;
	const value = m[1].split(/,[ \t]{0,2}(?:Status|Code|Details?)[ \t]{0,2}[:=]/)[0]?.trim() ?? '';
	return value.length >= 4 && !/^[{[<]/.test(value) ? clip(value) : null;
}

const lineText = (line: string): string => (line.length > MAX_LINE_SCAN ? line.slice(0, MAX_LINE_SCAN) : line);

/**
 * The error message in prose, when the post has no body: a quoted message after "error"/"says" (`errors with
 * "Must have 'models' permissions..."`), a quoted line under a status line, or a line with an error's wording that is
 * not the poster's first-person account. Lines in pasted output blocks are preferred.
 */
export function proseMessage(regions: TextRegions): string | null {
	const quoted = QUOTED_AFTER_VERB.exec(regions.prose);
	if (quoted?.[1]) return clip(quoted[1].trim());
	const lines = regions.lines;
	for (let i = 1; i < lines.length; i += 1) {
		const m = QUOTED_LINE.exec(lineText(lines[i]?.text ?? ''));
		if (m?.[1] && STATUS_NEARBY.test(lineText(lines[i - 1]?.text ?? '') || lineText(lines[i - 2]?.text ?? '')))
			return clip(m[1].trim());
	}
	const output = new Set<number>();
	const code = new Set<number>();
	for (const b of regions.blocks)
		for (let k = b.firstLine; k <= b.lastLine; k += 1) (b.role === 'output' ? output : code).add(k);
	const candidates = lines.filter((l) => {
		if (code.has(l.index)) return false;
		const t = lineText(l.text).trim();
		return (
			t.length >= 12 &&
			t.length <= 600 &&
			// "Getting 403 Forbidden on o3" only restates the status; the wording must be about something else.
			(ERROR_PHRASE.test(t.replace(STATUS_WITH_REASON, ' ')) || CJK_ERROR_PHRASE.test(t)) &&
			!FIRST_PERSON.test(t) &&
			!/^[{[<]/.test(t) &&
			!/\{\s{0,4}["']/.test(t)
		);
	});
	const best = candidates.find((l) => output.has(l.index)) ?? candidates[0];
	return best === undefined ? null : clip(best.text.trim().replace(/^[-*>#\s]{1,10}/, ''));
}
