import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/registry.js';

const root = path.resolve(import.meta.dirname, '..', '..');

/** Modules a source file imports when it is loaded: static imports and re-exports, not `import type` nor `import()`. */
function staticImports(source: string): string[] {
	const found: string[] = [];
	const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
	for (const m of code.matchAll(/^(?:import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s*)?['"]([^'"]+)['"]/gm))
		if (m[1] === undefined && m[2] !== undefined) found.push(m[2]);
	return found;
}

/** Every module (our files by path, packages by name) that loading `entry` loads, following our own imports. */
function loadedBy(entry: string): { files: Set<string>; packages: Set<string> } {
	const files = new Set<string>();
	const packages = new Set<string>();
	const visit = (file: string) => {
		if (files.has(file)) return;
		files.add(file);
		for (const spec of staticImports(readFileSync(path.join(root, file), 'utf8'))) {
			if (spec.startsWith('.')) visit(path.join(path.dirname(file), spec).replace(/\.js$/, '.ts'));
			else packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : (spec.split('/')[0] ?? spec));
		}
	};
	visit(entry);
	return { files, packages };
}

describe('CLI commands load only what they use', () => {
	it('the entry point and registry load no command module until one runs', () => {
		const { files, packages } = loadedBy('src/cli/index.ts');
		expect([...files].filter((f) => f.startsWith('src/cli/commands/'))).toEqual([]);
		expect([...packages].filter((p) => !p.startsWith('node:'))).toEqual(['dotenv', 'zod']);
	});

	it('doorman triage loads neither discord.js nor the store, mailer, LLM client, OCR engine or logger', () => {
		const { files, packages } = loadedBy('src/cli/commands/triage.ts');
		// eld and intl-messageformat: the reply is written in the post's language, as the bot writes it. No
		// better-sqlite3: the KB's text index is in memory, and the store is imported only with --db.
		expect([...packages].filter((p) => !p.startsWith('node:')).sort()).toEqual([
			'dotenv',
			'eld',
			'intl-messageformat',
			'yaml',
			'zod',
		]);
		expect(
			[...files].filter((f) => /^src\/(discord|store|mail|llm|ocr|sandbox)\//.test(f) || f === 'src/log.ts'),
		).toEqual([]);
	});

	it("each registered command's name, summary and usage are its module's own", async () => {
		for (const lazy of COMMANDS) {
			const loaded = await lazy.load();
			expect({ name: lazy.name, summary: lazy.summary, usage: lazy.usage }).toEqual({
				name: loaded.name,
				summary: loaded.summary,
				usage: loaded.usage,
			});
		}
	});
});
