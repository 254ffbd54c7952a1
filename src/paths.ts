import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The package root: the nearest ancestor of this file holding `package.json`.
 * Works from `src/` (tests, tsx) and from `dist/` (built), and inside the Docker image.
 */
export function packageRoot(): string {
	let dir = path.dirname(fileURLToPath(import.meta.url));
	for (;;) {
		if (existsSync(path.join(dir, 'package.json'))) return dir;
		const parent = path.dirname(dir);
		if (parent === dir) throw new Error('doorman: cannot find package.json above the installed files');
		dir = parent;
	}
}

export const defaultMigrationsDir = (): string => path.join(packageRoot(), 'migrations');
export const defaultKbDir = (): string => path.join(packageRoot(), 'kb');
