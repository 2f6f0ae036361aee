/** Names of tags, categories and asset types: trimmed, unique regardless of letter case. */
import { z } from '$lib/domain/zod-setup';
import { m } from '$lib/paraglide/messages';
import { ValidationError } from './errors';

export const MAX_NAME_LENGTH = 120;

/** The key two names are compared by: "  Liquid " and "liquid" are the same name. */
export function nameKey(name: string): string {
	return name.trim().normalize('NFC').toLocaleLowerCase('und');
}

/** What a name names; each has its own messages (French nouns have a gender). */
export type NameOf = 'asset' | 'type' | 'category' | 'tag';

const missingMessage: Record<NameOf, () => string> = {
	asset: m.organise_name_missing_asset,
	type: m.organise_name_missing_type,
	category: m.organise_name_missing_category,
	tag: m.organise_name_missing_tag
};

const takenMessage: Record<Exclude<NameOf, 'asset'>, (inputs: { name: string }) => string> = {
	type: m.organise_name_taken_type,
	category: m.organise_name_taken_category,
	tag: m.organise_name_taken_tag
};

/** Messages are read when a name is refused, in the language of the request. */
export function nameSchema(what: NameOf) {
	const missing = () => missingMessage[what]();
	return z
		.string({ error: missing })
		.trim()
		.min(1, { error: missing })
		.max(MAX_NAME_LENGTH, {
			error: () => m.organise_name_too_long({ max: String(MAX_NAME_LENGTH) })
		});
}

/**
 * Refuses a name that another of `rows` (other than `exceptId`) already has, ignoring case and
 * spaces, with a message on the form's field.
 */
export function assertNameFree(
	rows: readonly { id: string; name: string }[],
	name: string,
	{
		what,
		field = 'name',
		exceptId
	}: { what: Exclude<NameOf, 'asset'>; field?: string; exceptId?: string }
): void {
	const key = nameKey(name);
	const same = rows.find((row) => row.id !== exceptId && nameKey(row.name) === key);
	if (same) throw new ValidationError({ [field]: takenMessage[what]({ name: same.name }) });
}
