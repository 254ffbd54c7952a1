import { LineCounter, parseDocument } from 'yaml';
import { EntryFrontMatterSchema, type KbEntry } from './entry-schema.js';
import type { KbProblem } from './errors.js';
import { schemaProblems, type YamlPath, yamlLocator } from './yaml-lines.js';

type Path = YamlPath;

/** A KB file after parsing: the entry (when valid) and a way to find the source line of a front-matter path. */
export interface ParsedKbFile {
	readonly file: string;
	readonly entry: KbEntry | null;
	readonly problems: readonly KbProblem[];
	/** 1-based line in the file of the key (or item) at `path`; the closest existing ancestor when absent. */
	readonly lineOf: (path: Path) => number;
}

const FENCE = /^---[ \t]*$/;

/** Splits `---\n<yaml>\n---\n<markdown>`; `yamlStartLine` is the file line of the first YAML line. */
function splitFrontMatter(text: string): { yaml: string; body: string; yamlStartLine: number } | null {
	const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
	if (!FENCE.test(lines[0] ?? '')) return null;
	const end = lines.findIndex((line, i) => i > 0 && FENCE.test(line));
	if (end === -1) return null;
	return {
		yaml: lines.slice(1, end).join('\n'),
		body: lines
			.slice(end + 1)
			.join('\n')
			.trim(),
		yamlStartLine: 2,
	};
}

/**
 * Parses one KB Markdown file (YAML front matter + prose) and validates the front matter.
 * Pure: the caller reads the file. Problems carry `file:line` positions.
 */
export function parseKbFile(file: string, text: string): ParsedKbFile {
	const split = splitFrontMatter(text);
	if (split === null) {
		return {
			file,
			entry: null,
			problems: [
				{ file, line: 1, message: 'missing YAML front matter: the file must start with a --- line and close it' },
			],
			lineOf: () => 1,
		};
	}
	const counter = new LineCounter();
	const doc = parseDocument(split.yaml, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
	const lineOf = yamlLocator(doc, counter, split.yamlStartLine);
	if (doc.errors.length > 0) {
		const problems = doc.errors.map((e) => ({
			file,
			line: counter.linePos(e.pos[0]).line + split.yamlStartLine - 1,
			message: `YAML: ${e.message.split('\n')[0] ?? e.code}`,
		}));
		return { file, entry: null, problems, lineOf };
	}
	const result = EntryFrontMatterSchema.safeParse(doc.toJS());
	if (!result.success) {
		const problems = schemaProblems(file, result.error.issues, lineOf);
		return { file, entry: null, problems, lineOf };
	}
	if (split.body.length === 0)
		return {
			file,
			entry: null,
			problems: [{ file, line: 1, message: 'missing prose after the front matter' }],
			lineOf,
		};
	return { file, entry: { ...result.data, body: split.body, file }, problems: [], lineOf };
}
