/** One thing wrong with a KB file, at `file:line`. */
export interface KbProblem {
	readonly file: string;
	readonly line: number;
	readonly message: string;
}

export const formatProblem = (p: KbProblem): string => `${p.file}:${p.line}: ${p.message}`;

export type KbErrorCode = 'KB_INVALID' | 'KB_UNREADABLE' | 'KB_EMPTY';

/** The knowledge base cannot be used: an operator error naming each file and line to fix. */
export class KbError extends Error {
	override readonly name = 'KbError';
	readonly code: KbErrorCode;
	readonly problems: readonly KbProblem[];

	constructor(code: KbErrorCode, message: string, problems: readonly KbProblem[] = []) {
		super(problems.length === 0 ? message : `${message}\n${problems.map(formatProblem).join('\n')}`);
		this.code = code;
		this.problems = problems;
	}
}
