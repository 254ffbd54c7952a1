/** A component found in a message, reduced to what tests and drivers look at. */
export interface ComponentSummary {
	readonly type: number;
	readonly customId: string | undefined;
	readonly label: string | undefined;
	readonly url: string | undefined;
	readonly isDisabled: boolean;
	/** Select menu option values. */
	readonly values: readonly string[];
}

/**
 * Calls `onNode` for every object in a component tree, in reading order: action rows, Components V2
 * containers/sections (`components`, `accessory`) and modal labels (`component`), so it works on any layout.
 */
function walkComponents(tree: unknown, onNode: (node: Record<string, unknown>) => void): void {
	const visit = (node: unknown): void => {
		if (Array.isArray(node)) {
			for (const child of node) visit(child);
			return;
		}
		if (typeof node !== 'object' || node === null) return;
		const record = node as Record<string, unknown>;
		onNode(record);
		visit(record.components);
		visit(record.component);
		visit(record.accessory);
	};
	visit(tree);
}

/** Every interactive component (buttons, selects, text inputs) in a component tree, in reading order. */
export function listComponents(tree: unknown): ComponentSummary[] {
	const found: ComponentSummary[] = [];
	walkComponents(tree, (record) => {
		const type = typeof record.type === 'number' ? record.type : -1;
		if (typeof record.custom_id === 'string' || (type === 2 && typeof record.url === 'string')) {
			found.push({
				type,
				customId: typeof record.custom_id === 'string' ? record.custom_id : undefined,
				label: typeof record.label === 'string' ? record.label : undefined,
				url: typeof record.url === 'string' ? record.url : undefined,
				isDisabled: record.disabled === true,
				values: Array.isArray(record.options)
					? record.options.flatMap((o: unknown) =>
							typeof o === 'object' && o !== null && 'value' in o && typeof o.value === 'string' ? [o.value] : [],
						)
					: [],
			});
		}
	});
	return found;
}

/** Text of Components V2 text displays (type 10), which carry a message's content in that mode. */
export function listTextDisplays(tree: unknown): string[] {
	const texts: string[] = [];
	walkComponents(tree, (record) => {
		if (record.type === 10 && typeof record.content === 'string') texts.push(record.content);
	});
	return texts;
}
