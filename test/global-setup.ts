import { spawnSync } from 'node:child_process';
import path from 'node:path';

/**
 * Child-process tests run the built `doorman` CLI, so the suite builds `dist/` once up front.
 * Type errors do not stop the emit (they fail `npm run lint` instead), so they are only reported here.
 */
export default function setup(): void {
	const root = path.resolve(import.meta.dirname, '..');
	const result = spawnSync(
		process.execPath,
		[path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
		{ cwd: root, encoding: 'utf8' },
	);
	if (result.status !== 0)
		process.stderr.write(`global setup: tsc reported problems:\n${result.stdout}${result.stderr}`);
}
