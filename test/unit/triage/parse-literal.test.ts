import { describe, expect, it } from 'vitest';
import { MAX_LITERAL_ATTEMPTS, MAX_LITERAL_DEPTH } from '../../../src/triage/limits.js';
import { findLiterals } from '../../../src/triage/parse-json-lenient.js';
import { parseLiteral } from '../../../src/triage/parse-literal.js';
import { parsePythonLiteral } from '../../../src/triage/parse-python-literal.js';

describe('parsePythonLiteral', () => {
	it('gives the same structure as JSON.parse of the equivalent JSON', () => {
		const python =
			"{'error': {'message': 'Project `proj_x` does not have access to model `gpt-4o`', 'type': 'invalid_request_error', 'param': None, 'code': 'model_not_found', 'ok': False, 'retry': True, 'n': -1.5e2, 'list': [1, 'two', None,]}}";
		const json =
			'{"error": {"message": "Project `proj_x` does not have access to model `gpt-4o`", "type": "invalid_request_error", "param": null, "code": "model_not_found", "ok": false, "retry": true, "n": -150, "list": [1, "two", null]}}';
		expect(parsePythonLiteral(python)).toEqual(JSON.parse(json));
	});

	it('reads escaped quotes, mixed quote styles and \\x / \\u escapes', () => {
		expect(parsePythonLiteral(`{'a': 'it\\'s', 'b': "doesn't", 'c': '\\x41\\u00e9\\n'}`)).toEqual({
			a: "it's",
			b: "doesn't",
			c: 'Aé\n',
		});
	});

	it('finds the literal after an SDK prefix', () => {
		expect(parsePythonLiteral("Error code: 403 - {'code': 403}")).toEqual({ code: 403 });
		expect(parsePythonLiteral('no literal here')).toBeNull();
	});
});

describe('parseLiteral', () => {
	it('returns what it read from a truncated body, marked incomplete', () => {
		const r = parseLiteral('{"error":{"type":"forbidden","message":"Request not', 0);
		expect(r.complete).toBe(false);
		expect(r.value).toEqual({ error: { type: 'forbidden', message: 'Request not' } });
	});

	it('joins a string the terminal wrapped over lines', () => {
		const r = parseLiteral("{'message': 'Country,\n  region, or territory not supported', 'param': None}", 0);
		expect(r.value).toEqual({ message: 'Country, region, or territory not supported', param: null });
		expect(r.complete).toBe(true);
		expect(r.python).toBe(true);
	});

	it('does not run a string on into the next paragraph', () => {
		const r = parseLiteral('{"message":"Request not\n\nSome prose with a "quote" later', 0);
		expect(r.value).toEqual({ message: 'Request not' });
	});

	it('skips elided parts (`...`, `…`) and accepts missing commas between lines', () => {
		expect(parseLiteral('{"model":"gpt-3.5-turbo-1106", ...}', 0).value).toEqual({ model: 'gpt-3.5-turbo-1106' });
		expect(parseLiteral('{"a": 1 …, "b": [1, …]}', 0).value).toEqual({ a: 1, b: [1] });
		expect(parseLiteral('{"a": 1\n "b": 2}', 0).value).toEqual({ a: 1, b: 2 });
	});

	it('reads util.inspect output (bare keys, class-named containers)', () => {
		const r = parseLiteral(
			"{\n  status: 403,\n  headers: Headers { 'cf-ray': 'abc', server: 'cloudflare' },\n  error: { message: 'x', param: undefined }\n}",
			0,
		);
		expect(r.value).toEqual({
			status: 403,
			headers: { 'cf-ray': 'abc', server: 'cloudflare' },
			error: { message: 'x', param: null },
		});
		expect(r.inspect).toBe(true);
	});

	it('reads members without braces when asked (a fragment)', () => {
		const r = parseLiteral('  "message": "m",\n  "reason": "SERVICE_DISABLED",\nthen prose', 2, {
			implicitObject: true,
		});
		expect(r.value).toEqual({ message: 'm', reason: 'SERVICE_DISABLED' });
	});

	it('cuts nesting deeper than the bound instead of recursing', () => {
		const deep = `${'['.repeat(10_000)}1${']'.repeat(10_000)}`;
		const r = parseLiteral(`{"a": ${deep}}`, 0);
		expect(r.complete).toBe(false);
		let depth = 0;
		let v: unknown = (r.value as { a: unknown }).a;
		while (Array.isArray(v) && v.length > 0) {
			v = v[0];
			depth += 1;
		}
		expect(depth).toBeLessThanOrEqual(MAX_LITERAL_DEPTH);
	});

	it('never sets __proto__', () => {
		const r = parseLiteral('{"__proto__": {"polluted": true}, "a": 1}', 0);
		expect(r.value).toEqual({ a: 1 });
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});

	it('stops at garbage without throwing', () => {
		for (const text of ['{', '{"a"', '{"a":', '{"a": }', '{:}', '{"a": tru', '{"a": -}', '{"a": "\\u12"}', '{"a": "\\'])
			expect(() => parseLiteral(text, 0)).not.toThrow();
	});
});

describe('findLiterals', () => {
	it('finds bodies in prose, fences and after SDK prefixes, in order', () => {
		const found = findLiterals(
			'first {"error": {"code": 1}} then\n```json\n{"error": {"code": 2}}\n```\nError code: 403 - {\'error\': {\'code\': 3}}',
		);
		expect(found.map((f) => f.value)).toEqual([{ error: { code: 1 } }, { error: { code: 2 } }, { error: { code: 3 } }]);
		expect(found.map((f) => f.python)).toEqual([false, false, true]);
	});

	it('does not list objects nested in a found one', () => {
		expect(findLiterals('{"a": {"b": {"c": 1}}}')).toHaveLength(1);
	});

	it('bounds the attempts on a text full of braces', () => {
		const found = findLiterals('{ '.repeat(100_000));
		expect(found.length).toBeLessThanOrEqual(MAX_LITERAL_ATTEMPTS);
	});
});
