import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { plantedKeys } from '../support/key-formats.js';

const KEY = `sk-or-v1-${'0123456789abcdef'.repeat(4)}`;

function capture(): { lines: string[]; stream: Writable } {
	const lines: string[] = [];
	const stream = new Writable({
		write(chunk, _enc, done) {
			lines.push(String(chunk));
			done();
		},
	});
	return { lines, stream };
}

describe('the logger redacts keys through the one redaction engine', () => {
	it('in the message, in nested fields and in errors', () => {
		const { lines, stream } = capture();
		const log = createLogger({ level: 'debug', format: 'json', destination: stream });
		log.warn(
			{ op: 'send', detail: { reason: `bad key ${KEY}` }, err: new Error(`rejected \\n${KEY}`) },
			`failed: ${KEY}`,
		);
		const out = lines.join('');
		expect(out).not.toContain(KEY);
		expect(out).not.toContain('0123456789abcdef0123456789abcdef');
		expect(out).toContain('[REDACTED:openrouter]');
		expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ op: 'send', err: { type: 'Error' } });
	});

	it('every planted key format, in the message, fields, format arguments and a child logger’s bindings', () => {
		const { lines, stream } = capture();
		const log = createLogger({ level: 'debug', format: 'json', destination: stream });
		for (const key of plantedKeys()) {
			log.child({ title: `403 ${key.text}` }).info({ detail: [key.text] }, `got %s and ${key.text}`, key.text);
		}
		const out = lines.join('');
		expect(lines).toHaveLength(plantedKeys().length);
		expect(
			plantedKeys()
				.filter((k) => out.includes(k.secret))
				.map((k) => k.format),
		).toEqual([]);
	});
});
