import { type Document, isMap, isScalar, type LineCounter } from 'yaml';
import type { KbProblem } from './errors.js';

export type YamlPath = readonly (string | number)[];

/**
 * The 1-based file line of the key (or list item) at `path` in a parsed YAML document, or of the closest existing
 * ancestor when it is absent; `firstLine` is the file line of the document's first line (front matter starts at 2).
 */
export function yamlLocator(doc: Document, counter: LineCounter, firstLine = 1): (path: YamlPath) => number {
	const lineAt = (offset: number): number => counter.linePos(offset).line + firstLine - 1;
	return (path) => {
		for (let depth = path.length; depth > 0; depth -= 1) {
			const parent = depth === 1 ? doc.contents : doc.getIn(path.slice(0, depth - 1), true);
			const key = path[depth - 1];
			if (isMap(parent)) {
				const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === key);
				const range = pair && isScalar(pair.key) ? pair.key.range : undefined;
				if (range) return lineAt(range[0]);
			} else {
				const node = doc.getIn(path.slice(0, depth), true) as { range?: [number, number, number] } | undefined;
				if (node?.range) return lineAt(node.range[0]);
			}
		}
		return Math.max(1, firstLine - 1);
	};
}

/** Schema issues (zod's) as KB problems, each at the line of the field it is about and naming that field. */
export function schemaProblems(
	file: string,
	issues: readonly { readonly path: readonly PropertyKey[]; readonly message: string }[],
	lineOf: (path: YamlPath) => number,
): KbProblem[] {
	return issues.map((issue) => {
		const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
		const where = path.length > 0 ? `${path.join('.')}: ` : '';
		return { file, line: lineOf(path), message: `${where}${issue.message}` };
	});
}
