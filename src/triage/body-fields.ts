import { clip, MAX_FIELD_CHARS } from './limits.js';

export type JsonObject = Record<string, unknown>;

export const isRecord = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A non-empty trimmed string (clipped), or null. */
export function str(v: unknown, max = MAX_FIELD_CHARS): string | null {
	if (typeof v !== 'string') return null;
	const t = v.trim();
	return t.length > 0 ? clip(t, max) : null;
}

/** An error code as a string: strings as they are, numbers in decimal. */
export function codeString(v: unknown): string | null {
	if (typeof v === 'number' && Number.isFinite(v)) return String(v);
	return str(v, 200);
}

/** An HTTP status from a number or a three-digit string (Azure sends `"code": "403"`). */
export function httpStatus(v: unknown): number | null {
	if (typeof v === 'number' && Number.isInteger(v) && v >= 100 && v <= 599) return v;
	if (typeof v === 'string' && /^\s*[1-5]\d\d\s*$/.test(v)) return Number(v.trim());
	return null;
}

/** First present field among `keys`. */
export function pick(obj: JsonObject, keys: readonly string[]): unknown {
	for (const key of keys) if (key in obj && obj[key] !== null && obj[key] !== undefined) return obj[key];
	return undefined;
}

/** Strings of an array (bounded), ignoring other values. */
export function strings(v: unknown, max = 20): string[] {
	if (!Array.isArray(v)) return [];
	return v
		.slice(0, max)
		.map((x) => str(x, 500))
		.filter((x): x is string => x !== null);
}

/** A value as message text: strings as they are, objects as compact JSON (bounded). */
export function messageText(v: unknown): string | null {
	if (typeof v === 'string') return str(v);
	if (isRecord(v) || Array.isArray(v)) {
		try {
			return str(JSON.stringify(v));
		} catch {
			return null;
		}
	}
	return null;
}
