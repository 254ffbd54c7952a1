import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { KbEntry } from './entry-schema.js';
import { KbError } from './errors.js';
import { createFtsIndex } from './fts-index.js';
import { lintKb } from './lint.js';
import { type CompiledKb, compileKb } from './match.js';
import { type ParsedKbFile, parseKbFile } from './parse-entry.js';
import type { TextIndex } from './text-index.js';

/** KB files are `*.md`; `README.md` and names starting with `_` are documentation, not entries. */
const isEntryFile = (name: string): boolean =>
	name.endsWith('.md') && name.toLowerCase() !== 'readme.md' && !name.startsWith('_');

/** Reads and parses every entry file of `dir` (sorted by name). Throws `KbError` if the folder cannot be read. */
export function readKbDir(dir: string): ParsedKbFile[] {
	let names: string[];
	try {
		names = readdirSync(dir).filter(isEntryFile).sort();
	} catch (error) {
		const reason = error instanceof Error ? error.message : String(error);
		throw new KbError('KB_UNREADABLE', `cannot read the knowledge-base folder ${dir}: ${reason}`);
	}
	return names.map((name) => {
		const file = path.join(dir, name);
		return parseKbFile(file, readFileSync(file, 'utf8'));
	});
}

/**
 * Loads and lints the KB in `dir`. Throws `KbError` (`KB_INVALID`, with every `file:line: problem`) when any file
 * is wrong, so the bot never starts with a half-valid KB.
 */
export function loadKb(dir: string): KbEntry[] {
	const files = readKbDir(dir);
	if (files.length === 0) throw new KbError('KB_EMPTY', `the knowledge-base folder ${dir} has no entries (*.md)`);
	const problems = lintKb(files);
	if (problems.length > 0)
		throw new KbError('KB_INVALID', `the knowledge base in ${dir} has ${problems.length} problem(s):`, problems);
	return files.flatMap((f) => (f.entry === null ? [] : [f.entry]));
}

/** A KB ready to answer posts: entries, compiled signals and the full-text index. `close()` frees the index. */
export interface OpenKb {
	readonly entries: readonly KbEntry[];
	readonly kb: CompiledKb;
	readonly index: TextIndex;
	close(): void;
}

/** Loads, lints and compiles the KB in `dir` and builds its FTS5 index (start-up work, done once). */
export function openKb(dir: string): OpenKb {
	const entries = loadKb(dir);
	const index = createFtsIndex(entries);
	return { entries, kb: compileKb(entries), index, close: () => index.close?.() };
}
