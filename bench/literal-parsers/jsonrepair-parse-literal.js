import { jsonrepair } from '/tmp/jsonrepair/node_modules/jsonrepair/lib/esm/index.js';
import { MAX_LITERAL_CHARS } from './limits.js';

const PY = /'|\bNone\b|\bTrue\b|\bFalse\b/;
/** parseLiteral over jsonrepair: repair the text from `start`; on an error at a position, retry the text before it. */
export function parseLiteral(text, start, options = {}) {
	const implicit = options.implicitObject === true;
	let s = text.slice(start, start + MAX_LITERAL_CHARS);
	let complete = true;
	for (let i = 0; i < 6 && s.length > 0; i++) {
		try {
			const repaired = jsonrepair(implicit ? `{${s}` : s);
			const value = JSON.parse(repaired);
			return { value, end: start + s.length, complete, python: PY.test(s), inspect: false };
		} catch (error) {
			const at = typeof error?.position === 'number' ? error.position - (implicit ? 1 : 0) : -1;
			if (at <= 0 || at >= s.length) break;
			s = s.slice(0, at);
			complete = false;
		}
	}
	return { value: undefined, end: start + 1, complete: false, python: false, inspect: false };
}
