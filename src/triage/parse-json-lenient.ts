import { MAX_LITERAL_ATTEMPTS, MAX_LITERAL_WORK, MAX_MARKED_ATTEMPTS } from './limits.js';
import { parseLiteral } from './parse-literal.js';

/** A JSON-like object found in free text, with where it was. */
export interface FoundLiteral {
	readonly start: number;
	readonly end: number;
	readonly value: unknown;
	readonly complete: boolean;
	/** Python `repr` syntax (single quotes, `None`) rather than JSON. */
	readonly python: boolean;
	/** Bare keys, as Node's `util.inspect` prints an SDK error. */
	readonly inspect: boolean;
	/** `"key": value` lines without their enclosing braces. */
	readonly fragment: boolean;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** A line that starts a member of an object whose opening brace was not pasted. */
const FRAGMENT_LINE = /(?:^|\n)([ \t]{0,40})["'][\w@.$-]{1,60}["'][ \t]{0,4}:/g;

/** Work literal parsing may still do for one post, shared by every (nested) search so nesting cannot multiply it. */
export interface ParseBudget {
	/** Characters all parses may still consume. */
	work: number;
}

/** A fresh budget of {@link MAX_LITERAL_WORK} characters. */
export const newParseBudget = (): ParseBudget => ({ work: MAX_LITERAL_WORK });

/**
 * Finds the JSON, Python-literal and inspect objects in `text`: raw bodies, bodies inside code fences, bodies split
 * over lines (strings wrapped by the terminal are joined), truncated bodies (what was read is kept, marked
 * incomplete) and fragments of `"key": value` lines. Objects nested in found objects are not listed separately.
 * Bounded by {@link MAX_LITERAL_ATTEMPTS} parses per call and by the characters left in `budget`. When the attempts
 * run out before the text does, up to {@link MAX_MARKED_ATTEMPTS} more are made at the offsets `marked` gives (braces
 * on the lines that mark the error in a long log), in its order.
 */
export function findLiterals(
	text: string,
	budget: ParseBudget = newParseBudget(),
	marked?: () => readonly number[],
): FoundLiteral[] {
	const found: FoundLiteral[] = [];
	let attempts = 0;
	let from = 0;
	while (attempts < MAX_LITERAL_ATTEMPTS && budget.work > 0) {
		const start = text.indexOf('{', from);
		if (start === -1) break;
		attempts += 1;
		const parsed = parseLiteral(text, start);
		budget.work -= parsed.end - start + 1;
		if (isObject(parsed.value) && Object.keys(parsed.value).length > 0) {
			found.push({ ...parsed, start, fragment: false });
			from = Math.max(parsed.end, start + 1);
		} else from = start + 1;
	}
	const inside = (at: number): boolean => found.some((f) => at >= f.start && at < f.end);
	// Attempts ran out before the end (a long log full of objects): try the braces on the lines that mark the error.
	if (marked !== undefined && attempts >= MAX_LITERAL_ATTEMPTS && text.indexOf('{', from) !== -1) {
		let tries = 0;
		for (const start of marked()) {
			if (tries >= MAX_MARKED_ATTEMPTS || budget.work <= 0) break;
			if (start < from || text.charCodeAt(start) !== 123 || inside(start)) continue;
			tries += 1;
			const parsed = parseLiteral(text, start);
			budget.work -= parsed.end - start + 1;
			if (isObject(parsed.value) && Object.keys(parsed.value).length > 0)
				found.push({ ...parsed, start, fragment: false });
		}
	}
	const fragments = new RegExp(FRAGMENT_LINE.source, 'g');
	for (let m = fragments.exec(text); m !== null; m = fragments.exec(text)) {
		if (attempts >= MAX_LITERAL_ATTEMPTS || budget.work <= 0) break;
		const start = m.index + (m[0].startsWith('\n') ? 1 : 0) + (m[1]?.length ?? 0);
		if (inside(start)) continue;
		attempts += 1;
		const parsed = parseLiteral(text, start, { implicitObject: true });
		budget.work -= parsed.end - start + 1;
		if (isObject(parsed.value) && Object.keys(parsed.value).length >= 2) {
			found.push({ ...parsed, start, fragment: true });
			fragments.lastIndex = Math.max(parsed.end, fragments.lastIndex);
		}
	}
	return found.sort((a, b) => a.start - b.start);
}
