import { parse } from 'yaml';
import { z } from 'zod';

const Text = z.string().trim().min(1);

/**
 * One page the KB cites, as whoever read it recorded it: where it is, which sections were used and what each states
 * in our own words, when it was checked, and how (`fact-sheet`: the project's fact sheet `shared/kb/facts.md`
 * documents the page; `read`: read in the documentation search's stored copy of the site).
 */
export const SourceRecordSchema = z.strictObject({
	url: z.url({ protocol: /^https$/, hostname: z.regexes.domain }),
	title: Text,
	checked: z.iso.date(),
	basis: z.enum(['fact-sheet', 'read']),
	sections: z.array(z.strictObject({ section: Text.max(160), states: Text.max(400) })).min(1),
});
export type SourceRecord = z.infer<typeof SourceRecordSchema>;

export const SourceFileSchema = z.array(SourceRecordSchema);

/** The records of every source file, merged by URL (a page used by several files has the union of its sections). */
export interface SourceRegistry {
	readonly records: ReadonlyMap<string, SourceRecord>;
	/** The record of a URL (trailing slash and case ignored), if any. */
	get(url: string): SourceRecord | undefined;
	/** True when the page has a record listing this section. */
	hasSection(url: string, section: string): boolean;
}

const key = (url: string): string => url.replace(/\/+$/, '').toLowerCase();
const sameSection = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();

export function buildSourceRegistry(records: readonly SourceRecord[]): SourceRegistry {
	const merged = new Map<string, SourceRecord>();
	for (const r of records) {
		const current = merged.get(key(r.url));
		if (current === undefined) merged.set(key(r.url), r);
		else {
			const sections = [...current.sections];
			for (const s of r.sections) if (!sections.some((x) => sameSection(x.section, s.section))) sections.push(s);
			merged.set(key(r.url), { ...current, sections });
		}
	}
	return {
		records: merged,
		get: (url) => merged.get(key(url)),
		hasSection: (url, section) => merged.get(key(url))?.sections.some((s) => sameSection(s.section, section)) ?? false,
	};
}

/** Parses one `kb/sources/*.yaml` file; problems instead of throwing. Pure. */
export function parseSourceFile(text: string): { records: SourceRecord[]; problems: string[] } {
	let data: unknown;
	try {
		data = parse(text);
	} catch (error) {
		return { records: [], problems: [`not YAML: ${error instanceof Error ? error.message : String(error)}`] };
	}
	const parsed = SourceFileSchema.safeParse(data ?? []);
	if (!parsed.success)
		return {
			records: [],
			problems: parsed.error.issues.map((i) => `record ${i.path.join('.')}: ${i.message}`),
		};
	return { records: parsed.data, problems: [] };
}
