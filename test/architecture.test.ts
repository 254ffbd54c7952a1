import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { cruise, type IViolation } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');

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

/**
 * Runs dependency-cruiser with the repository's rules (.dependency-cruiser.cjs: which folders may import which, no
 * cycles, no I/O in the pure core) over `src/` under `baseDir`, and names each violation as `rule: from → to`.
 */
async function layerViolations(baseDir: string): Promise<string[]> {
	const options = await extractDepcruiseOptions(path.join(root, '.dependency-cruiser.cjs'));
	const tsConfig = extractTSConfig(path.join(root, 'tsconfig.json'));
	const { output } = await cruise(['src'], { ...options, validate: true, baseDir }, undefined, { tsConfig });
	if (typeof output === 'string') throw new Error('dependency-cruiser returned text, not a cruise result');
	const shortPath = (p: string) => p.replace(/^.*node_modules\//, 'node_modules/');
	return output.summary.violations.map((v: IViolation) => `${v.rule.name}: ${v.from} → ${shortPath(v.to)}`).sort();
}

/** A tiny `src/` whose files each break one rule; see its README. */
const FIXTURE = path.join(root, 'test', 'fixtures', 'layers');

describe('layers (dependency-cruiser)', () => {
	it('finds no forbidden import and no cycle in src/', { timeout: 60_000 }, async () => {
		expect(await layerViolations(root)).toEqual([]);
	});

	it('fails on each kind of bad import in a fixture, and passes its clean files', { timeout: 60_000 }, async () => {
		expect(await layerViolations(FIXTURE)).toEqual([
			'core-no-io: src/escalation/mailer.ts → node_modules/nodemailer/dist/esm/nodemailer.js',
			'core-no-io: src/thread/imports-node-io.ts → crypto',
			'no-circular: src/sandbox/cycle-a.ts → src/sandbox/cycle-b.ts',
			'not-in-allowed: src/discord/imports-llm.ts → src/llm/client.ts',
			'not-in-allowed: src/escalation/mailer.ts → node_modules/nodemailer/dist/esm/nodemailer.js',
			'not-in-allowed: src/thread/imports-composition.ts → src/app.ts',
			'not-in-allowed: src/thread/imports-node-io.ts → crypto',
			'not-in-allowed: src/triage/imports-thread.ts → src/thread/clean.ts',
		]);
	});
});

describe('architecture', () => {
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
