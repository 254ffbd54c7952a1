import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { answeredByConcepts } from './answered-by.js';
import { createBm25Index } from './bm25-index.js';
import { type Calibration, CalibrationSchema } from './calibration.js';
import { buildCaseIndex } from './case-index.js';
import type { KbCase } from './case-schema.js';
import { isKnownCause } from './causes.js';
import { type Concept, compileConcepts, parseConcepts } from './concepts.js';
import type { KbEntry } from './entry-schema.js';
import { KbError, type KbProblem } from './errors.js';
import { lintKb } from './lint.js';
import { lintCases } from './lint-cases.js';
import { type CompiledKb, compileKb } from './match.js';
import { type ParsedCaseFile, parseCaseFile } from './parse-cases.js';
import { type ParsedKbFile, parseKbFile } from './parse-entry.js';
import { buildSourceRegistry, parseSourceFile, type SourceRecord, type SourceRegistry } from './source-records.js';
import type { TextIndex } from './text-index.js';
import {
	lintMissingTranslations,
	lintTranslations,
	type ParsedTranslationFile,
	parseTranslationFile,
	TRANSLATIONS_DIR,
	withTranslations,
} from './translations.js';
import {
	lintVendorFiles,
	type ParsedVendorFile,
	parseVendorFile,
	type VendorDirectory,
	vendorDirectory,
} from './vendors.js';
import { WARM_UP_BUDGET_MS, warmUp } from './warm-up.js';

/** KB files are `*.md`; `README.md` and names starting with `_` are documentation, not entries. */
const isEntryFile = (name: string): boolean =>
	name.endsWith('.md') && name.toLowerCase() !== 'readme.md' && !name.startsWith('_');

/** Where the parts of a KB folder live. */
export const CASES_DIR = 'cases';
export const CONCEPTS_FILE = 'concepts.yaml';
export const CALIBRATION_FILE = 'calibration.json';
export const SOURCES_DIR = 'sources';
export const VENDORS_DIR = 'vendors';

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

/** Every file of a KB folder, parsed: entries, case files, the concept vocabulary and the calibration. */
export interface KbFolder {
	readonly dir: string;
	readonly entryFiles: readonly ParsedKbFile[];
	readonly caseFiles: readonly ParsedCaseFile[];
	readonly concepts: readonly Concept[];
	readonly calibration: Calibration | null;
	/** Every cited page's record (`sources/*.yaml`), merged by URL. */
	readonly sources: SourceRegistry;
	/** Problems found while parsing the concept vocabulary, the calibration and the source records. */
	readonly problems: readonly KbProblem[];
	/** The vendor support records (`vendors/*.yaml`), each with its own problems. */
	readonly vendorFiles: readonly ParsedVendorFile[];
	/** The entries in other languages (`i18n/<lang>/<id>.yaml`). */
	readonly translationFiles: readonly ParsedTranslationFile[];
}

/** Reads every translation file (`i18n/<lang>/<entry-id>.yaml`); none is fine. */
function readTranslationFiles(dir: string): ParsedTranslationFile[] {
	const root = path.join(dir, TRANSLATIONS_DIR);
	if (!existsSync(root)) return [];
	return readdirSync(root, { withFileTypes: true })
		.filter((d) => d.isDirectory())
		.map((d) => d.name)
		.sort()
		.flatMap((lang) =>
			readdirSync(path.join(root, lang))
				.filter((name) => name.endsWith('.yaml'))
				.sort()
				.map((name) => {
					const file = path.join(root, lang, name);
					return parseTranslationFile(file, lang, name.slice(0, -'.yaml'.length), readFileSync(file, 'utf8'));
				}),
		);
}

/** Reads and checks the vendor records (`vendors/*.yaml`, sorted by name); none is fine. */
export function readVendorFiles(dir: string): ParsedVendorFile[] {
	const vendorsDir = path.join(dir, VENDORS_DIR);
	if (!existsSync(vendorsDir)) return [];
	return readdirSync(vendorsDir)
		.filter((name) => name.endsWith('.yaml') || name.endsWith('.yml'))
		.sort()
		.map((name) => {
			const file = path.join(vendorsDir, name);
			return parseVendorFile(file, readFileSync(file, 'utf8'));
		});
}

/**
 * The vendor records of the KB in `dir`, checked. Throws `KbError` (`KB_INVALID`, every `file:line: problem`) when
 * any record is wrong, so escalations never address a contact nobody checked.
 */
export function loadVendors(dir: string): VendorDirectory {
	const files = readVendorFiles(dir);
	const problems = lintVendorFiles(files);
	if (problems.length > 0)
		throw new KbError(
			'KB_INVALID',
			`the vendor records in ${path.join(dir, VENDORS_DIR)} have ${problems.length} problem(s):`,
			problems,
		);
	return vendorDirectory(files.flatMap((f) => (f.vendor === null ? [] : [f.vendor])));
}

/** Reads the case files (`cases/*.jsonl`); none is fine. */
function readCaseFiles(dir: string): ParsedCaseFile[] {
	const casesDir = path.join(dir, CASES_DIR);
	if (!existsSync(casesDir)) return [];
	return readdirSync(casesDir)
		.filter((name) => name.endsWith('.jsonl'))
		.sort()
		.map((name) => {
			const file = path.join(casesDir, name);
			return parseCaseFile(file, readFileSync(file, 'utf8'));
		});
}

/** Reads a whole KB folder. Throws `KbError` only when the folder itself cannot be read. */
export function readKbFolder(dir: string): KbFolder {
	const entryFiles = readKbDir(dir);
	const problems: KbProblem[] = [];
	let concepts: Concept[] = [];
	const conceptsFile = path.join(dir, CONCEPTS_FILE);
	if (existsSync(conceptsFile)) {
		const parsed = parseConcepts(readFileSync(conceptsFile, 'utf8'));
		concepts = parsed.concepts;
		problems.push(...parsed.problems.map((message) => ({ file: conceptsFile, line: 0, message })));
		for (const c of concepts)
			for (const cause of Object.keys(c.causes))
				if (!isKnownCause(cause))
					problems.push({ file: conceptsFile, line: 0, message: `concept '${c.id}': unknown cause '${cause}'` });
	}
	let calibration: Calibration | null = null;
	const calibrationFile = path.join(dir, CALIBRATION_FILE);
	if (existsSync(calibrationFile)) {
		try {
			const parsed = CalibrationSchema.safeParse(JSON.parse(readFileSync(calibrationFile, 'utf8')));
			if (parsed.success) calibration = parsed.data;
			else
				problems.push(
					...parsed.error.issues.map((i) => ({
						file: calibrationFile,
						line: 0,
						message: `${i.path.join('.')}: ${i.message} (regenerate it with doorman kb calibrate)`,
					})),
				);
		} catch (error) {
			problems.push({ file: calibrationFile, line: 0, message: `not JSON: ${String(error)}` });
		}
	}
	const records: SourceRecord[] = [];
	const sourcesDir = path.join(dir, SOURCES_DIR);
	if (existsSync(sourcesDir))
		for (const name of readdirSync(sourcesDir)
			.filter((n) => n.endsWith('.yaml'))
			.sort()) {
			const file = path.join(sourcesDir, name);
			const parsed = parseSourceFile(readFileSync(file, 'utf8'));
			records.push(...parsed.records);
			problems.push(...parsed.problems.map((message) => ({ file, line: 0, message })));
		}
	return {
		dir,
		entryFiles,
		caseFiles: readCaseFiles(dir),
		concepts,
		calibration,
		sources: buildSourceRegistry(records),
		problems,
		vendorFiles: readVendorFiles(dir),
		translationFiles: readTranslationFiles(dir),
	};
}

/** The valid entries of a folder. */
const entriesOf = (folder: KbFolder): KbEntry[] =>
	folder.entryFiles.flatMap((f) => (f.entry === null ? [] : [f.entry]));

/** The valid vendor records of a folder by id (a record with problems is left out; lint reports it). */
const vendorsOf = (folder: KbFolder): VendorDirectory =>
	vendorDirectory(folder.vendorFiles.flatMap((f) => (f.vendor === null ? [] : [f.vendor])));

/**
 * Every problem of a KB folder: entries, cases, concepts, calibration, vendor records, translations (including a
 * missing one). Pure over what was read.
 */
export function lintKbFolder(folder: KbFolder, options: { requireTranslations?: boolean } = {}): KbProblem[] {
	const entryIds = new Set(folder.entryFiles.flatMap((f) => (f.entry === null ? [] : [f.entry.id])));
	return [
		...lintKb(folder.entryFiles, folder.sources, vendorsOf(folder)),
		...lintCases(folder.caseFiles, entryIds),
		...folder.problems,
		...lintVendorFiles(folder.vendorFiles),
		...lintTranslations(folder.translationFiles, entriesOf(folder)),
		...(options.requireTranslations === false
			? []
			: lintMissingTranslations(folder.translationFiles, entriesOf(folder), (lang, id) =>
					path.join(folder.dir, TRANSLATIONS_DIR, lang, `${id}.yaml`),
				)),
	];
}

/** A linted KB: entries, cases, concepts and calibration. */
export interface LoadedKb {
	readonly entries: KbEntry[];
	readonly cases: KbCase[];
	readonly concepts: readonly Concept[];
	readonly calibration: Calibration | null;
	/** The vendor support records by id. */
	readonly vendors: VendorDirectory;
}

/**
 * Loads and lints the KB in `dir`. Throws `KbError` (`KB_INVALID`, with every `file:line: problem`) when any file
 * is wrong, so the bot never starts with a half-valid KB.
 */
export function loadKbFolder(dir: string): LoadedKb {
	const folder = readKbFolder(dir);
	if (folder.entryFiles.length === 0)
		throw new KbError('KB_EMPTY', `the knowledge-base folder ${dir} has no entries (*.md)`);
	// An entry not yet translated is answered in English (never half-translated), so it does not stop the bot;
	// `doorman kb lint` still reports it, and CI lints the shipped KB.
	const problems = lintKbFolder(folder, { requireTranslations: false });
	if (problems.length > 0)
		throw new KbError('KB_INVALID', `the knowledge base in ${dir} has ${problems.length} problem(s):`, problems);
	const vendors = vendorsOf(folder);
	return {
		entries: withTranslations(entriesOf(folder), folder.translationFiles),
		cases: folder.caseFiles.flatMap((f) => f.cases.map((c) => c.value)),
		// The vendor records' own messages make one more concept per vendor (src/kb/answered-by.ts).
		concepts: [...folder.concepts, ...answeredByConcepts([...vendors.values()], folder.concepts)],
		calibration: folder.calibration,
		vendors,
	};
}

/** The entries of the KB in `dir`, linted (see `loadKbFolder`). */
export function loadKb(dir: string): KbEntry[] {
	return loadKbFolder(dir).entries;
}

/** A KB ready to answer posts: entries, compiled signals and the full-text index. `close()` frees the index. */
export interface OpenKb {
	readonly entries: readonly KbEntry[];
	readonly cases: readonly KbCase[];
	readonly kb: CompiledKb;
	readonly index: TextIndex;
	/** The vendor support records by id (who to contact when a fix does not work). */
	readonly vendors: VendorDirectory;
	close(): void;
}

/** The bot's warm-up of a freshly compiled KB: `warmUp` for at most `WARM_UP_BUDGET_MS`. Returns the posts it ran. */
export function warmUpAtLoad(kb: CompiledKb, index: TextIndex): number {
	const deadline = performance.now() + WARM_UP_BUDGET_MS;
	return warmUp(kb, index, { timeUp: () => performance.now() > deadline });
}

export interface OpenKbOptions {
	/**
	 * Run the KB's own examples through triage and matching once before returning (see `warmUp`), for at most
	 * `WARM_UP_BUDGET_MS`: the bot does, so its first posts are answered as fast as later ones; a one-off command
	 * answering one post does not.
	 * @defaultValue false
	 */
	readonly warmUp?: boolean;
}

/**
 * Loads, lints and compiles the KB in `dir` and builds its indexes (start-up work, done once). `load` reads and
 * lints the folder; a one-off command passes one that keeps the result between runs (src/cli/kb-cache.ts).
 */
export function openKb(
	dir: string,
	load: (dir: string) => LoadedKb = loadKbFolder,
	options: OpenKbOptions = {},
): OpenKb {
	const loaded = load(dir);
	const index = createBm25Index(loaded.entries);
	const kb = compileKb(loaded.entries, {
		concepts: compileConcepts(loaded.concepts),
		cases: buildCaseIndex(loaded.cases),
		calibration: loaded.calibration,
	});
	if (options.warmUp === true) warmUpAtLoad(kb, index);
	return {
		entries: loaded.entries,
		cases: loaded.cases,
		kb,
		index,
		vendors: loaded.vendors,
		close: () => index.close?.(),
	};
}
