import { parseLiteral } from './parse-literal.js';

/**
 * Parses a Python literal as printed by `repr()` (what openai-python and other Stainless SDKs put after
 * `Error code: 403 - `): single or double quotes, `None`, `True`, `False`, escaped quotes. The result has the same
 * structure `JSON.parse` would give for the equivalent JSON. Returns null when no literal starts at or after `from`.
 * A cut-off literal yields what was read before the cut. Never throws.
 */
export function parsePythonLiteral(text: string, from = 0): unknown {
	const brace = text.slice(from).search(/[{[]/);
	if (brace === -1) return null;
	const parsed = parseLiteral(text, from + brace);
	return parsed.value ?? null;
}
