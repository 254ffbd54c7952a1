import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LoadedKb } from '../kb/load.js';

/**
 * A linted KB kept between runs, so a one-off command (`doorman triage`) does not parse and lint hundreds of YAML
 * files each time (about half a second). The key is a hash of every file of the KB folder and of the code that reads
 * it (src/kb, the parsers and lint), so any change to either loads afresh; a KB that fails lint is never cached.
 */
export const defaultKbCacheDir = (): string => path.join(os.tmpdir(), 'doorman-kb-cache');

function addFolder(hash: ReturnType<typeof createHash>, dir: string, filter: (name: string) => boolean): void {
	const walk = (rel: string): void => {
		const entries = readdirSync(path.join(dir, rel), { withFileTypes: true }).sort((a, b) =>
			a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
		);
		for (const entry of entries) {
			const child = path.join(rel, entry.name);
			if (entry.isDirectory()) walk(child);
			else if (entry.isFile() && filter(entry.name)) {
				hash.update(`\0${child}\0`);
				hash.update(readFileSync(path.join(dir, child)));
			}
		}
	};
	walk('');
}

/** The cache key of a KB folder as this code reads it. */
export function kbCacheKey(dir: string): string {
	const hash = createHash('sha256');
	addFolder(hash, dir, () => true);
	addFolder(hash, path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'kb'), (name) =>
		/\.[cm]?[jt]s$/.test(name),
	);
	return hash.digest('hex').slice(0, 32);
}

interface Stored {
	readonly loaded: Omit<LoadedKb, 'vendors'>;
	readonly vendors: [string, unknown][];
}

/**
 * `load(dir)` through the cache in `cacheDir`: a hit is read back as `load` returned it; a miss loads and stores it.
 * The cache is an optimisation only: an unreadable or unwritable cache falls back to loading.
 */
export function loadThroughCache(dir: string, load: (dir: string) => LoadedKb, cacheDir: string): LoadedKb {
	const file = path.join(cacheDir, `${kbCacheKey(dir)}.json`);
	try {
		const stored = JSON.parse(readFileSync(file, 'utf8')) as Stored;
		return { ...stored.loaded, vendors: new Map(stored.vendors) } as LoadedKb;
	} catch {
		// A miss (or a damaged file, rewritten below).
	}
	const loaded = load(dir);
	try {
		mkdirSync(cacheDir, { recursive: true });
		const { vendors, ...rest } = loaded;
		const temp = `${file}.${process.pid}.tmp`;
		writeFileSync(temp, JSON.stringify({ loaded: rest, vendors: [...vendors] } satisfies Stored));
		renameSync(temp, file);
	} catch {
		// Not cached this time; the next run loads again.
	}
	return loaded;
}
