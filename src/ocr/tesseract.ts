import { spawn } from 'node:child_process';

/** Text a recognition may print at most; the rest is dropped (a screenshot of a whole log is still bounded). */
const MAX_OUTPUT_BYTES = 64 * 1024;

/** How a run of the engine ended. */
export type RunResult =
	| { readonly ok: true; readonly stdout: string }
	| { readonly ok: false; readonly reason: 'timeout' | 'missing' | 'failed'; readonly detail: string };

/**
 * Runs `program args`, writing `input` to its stdin, and collects stdout (capped). Killed with SIGKILL after
 * `timeoutMs`. Never throws: a program that is missing, fails or hangs is a result.
 */
export function runEngine(
	program: string,
	args: readonly string[],
	input: Buffer | null,
	timeoutMs: number,
	env: Readonly<Record<string, string>>,
): Promise<RunResult> {
	return new Promise((resolve) => {
		let settled = false;
		const finish = (result: RunResult) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			resolve(result);
		};
		const child = spawn(program, args, {
			stdio: ['pipe', 'pipe', 'pipe'],
			// One thread per image: the concurrency limit is then the CPU limit (OpenMP would take every core).
			env: { ...env, OMP_THREAD_LIMIT: '1' },
		});
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			finish({ ok: false, reason: 'timeout', detail: `no result after ${timeoutMs} ms` });
		}, timeoutMs);
		const out: Buffer[] = [];
		let size = 0;
		let stderr = '';
		child.stdout.on('data', (chunk: Buffer) => {
			if (size >= MAX_OUTPUT_BYTES) return;
			out.push(chunk.subarray(0, MAX_OUTPUT_BYTES - size));
			size += chunk.length;
		});
		child.stderr.on('data', (chunk: Buffer) => {
			if (stderr.length < 2000) stderr += chunk.toString('utf8');
		});
		child.on('error', (error: NodeJS.ErrnoException) => {
			const reason = error.code === 'ENOENT' || error.code === 'EACCES' ? 'missing' : 'failed';
			finish({ ok: false, reason, detail: error.code ?? error.message });
		});
		child.on('close', (code) => {
			if (code === 0) finish({ ok: true, stdout: Buffer.concat(out).toString('utf8') });
			else finish({ ok: false, reason: 'failed', detail: `exit ${code}: ${stderr.trim().slice(0, 300)}` });
		});
		// The child may exit before reading its input (a bad argument): EPIPE is then expected, not a crash.
		child.stdin.on('error', () => {});
		child.stdin.end(input ?? undefined);
	});
}
