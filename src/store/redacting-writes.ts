import type { Database, Statement } from 'better-sqlite3';
import { redactString } from '../triage/redact-secrets.js';

/** A bound parameter with every string in it redacted: positional values, arrays and named-parameter objects. */
function redactParameter(value: unknown): unknown {
	if (typeof value === 'string') return redactString(value);
	if (Array.isArray(value)) return value.map(redactParameter);
	if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
		return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactParameter(v)]));
	}
	return value;
}

const EXECUTORS = ['run', 'get', 'all', 'iterate'] as const;

/**
 * Makes the connection the last line of defence for secrets at rest: every statement that writes (`INSERT`,
 * `UPDATE`, `… RETURNING`) gets each string it binds through the redaction engine, whichever repository prepared it.
 * Reads are left alone (a lookup key is never a secret, and redacting it would miss the row). `exec` is not covered:
 * only migrations use it, with no user text.
 */
export function redactWrites(db: Database): void {
	const prepare = db.prepare.bind(db);
	const guarded = (source: string): Statement => {
		const statement = prepare(source);
		if (statement.readonly) return statement;
		for (const name of EXECUTORS) {
			const execute = statement[name].bind(statement) as (...args: unknown[]) => unknown;
			Object.defineProperty(statement, name, {
				value: (...args: unknown[]) => execute(...args.map(redactParameter)),
				configurable: true,
			});
		}
		return statement;
	};
	db.prepare = guarded as Database['prepare'];
}
