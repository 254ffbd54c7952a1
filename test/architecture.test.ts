import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');

/** The pure core (design.md 9.2): these folders decide; they never perform I/O themselves. */
const PURE = ['src/triage', 'src/kb', 'src/answer', 'src/escalation', 'src/thread', 'src/model.ts'];
/** Adapter files allowed inside pure folders, each the one place its library is used. */
const ADAPTERS = new Set(['src/kb/load.ts', 'src/kb/fts-index.ts']);
const FORBIDDEN = [
	/^discord\.js$/,
	/^better-sqlite3$/,
	/^openai$/,
	/^nodemailer$/,
	/^pino/,
	/^node:(fs|net|http|https|child_process)/,
	/^(fs|net|http|https|child_process)$/,
	/^sharp$/,
	/\/(discord|store|llm|cli|sandbox|ocr)\//,
	/\/config\.js$/,
	/\/log\.js$/,
];

function tsFiles(entry: string): string[] {
	const full = path.join(root, entry);
	try {
		if (statSync(full).isFile()) return [entry];
	} catch {
		return [];
	}
	return readdirSync(full, { withFileTypes: true }).flatMap((d) =>
		d.isDirectory() ? tsFiles(path.join(entry, d.name)) : d.name.endsWith('.ts') ? [path.join(entry, d.name)] : [],
	);
}

function imports(source: string): string[] {
	const found: string[] = [];
	for (const m of source.matchAll(
		/(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g,
	)) {
		const spec = m[1] ?? m[2];
		if (spec !== undefined) found.push(spec);
	}
	return found;
}

/** Source without comments, so a comment that mentions process.env does not count as reading it. */
const withoutComments = (source: string): string =>
	source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');

describe('architecture', () => {
	const files = PURE.flatMap(tsFiles).filter((f) => !ADAPTERS.has(f));

	it('has pure core files to check', () => {
		expect(files.length).toBeGreaterThan(3);
	});

	it('keeps the pure core free of I/O libraries and edge folders', () => {
		const violations = files.flatMap((file) =>
			imports(readFileSync(path.join(root, file), 'utf8'))
				.filter((spec) => FORBIDDEN.some((rule) => rule.test(spec)))
				.map((spec) => `${file} imports ${spec}`),
		);
		expect(violations).toEqual([]);
	});

	it('imports openai only in src/llm', () => {
		const offenders = tsFiles('src')
			.filter((f) => !f.startsWith(path.join('src', 'llm')))
			.filter((f) =>
				imports(readFileSync(path.join(root, f), 'utf8')).some(
					(spec) => spec === 'openai' || spec.startsWith('openai/'),
				),
			);
		expect(offenders).toEqual([]);
	});

	it('reads process.env only in src/config.ts', () => {
		const offenders = tsFiles('src')
			.filter((f) => f !== path.join('src', 'config.ts'))
			.filter((f) => /process\.env\b/.test(withoutComments(readFileSync(path.join(root, f), 'utf8'))));
		expect(offenders).toEqual([]);
	});
});
