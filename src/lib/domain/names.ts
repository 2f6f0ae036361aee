/** Names of tags, categories and asset types: trimmed, unique regardless of letter case. */
import { z } from '$lib/domain/zod-setup';
import { ValidationError } from './errors';

export const MAX_NAME_LENGTH = 120;

/** The key two names are compared by: "  Liquid " and "liquid" are the same name. */
export function nameKey(name: string): string {
	return name.trim().normalize('NFC').toLocaleLowerCase('und');
}

export function nameSchema(what: string) {
	const missing = `Enter ${/^[aeiou]/i.test(what) ? 'an' : 'a'} ${what} name.`;
	return z
		.string({ error: missing })
		.trim()
		.min(1, missing)
		.max(MAX_NAME_LENGTH, `Keep the name under ${MAX_NAME_LENGTH} characters.`);
}

/**
 * Refuses a name that another of `rows` (other than `exceptId`) already has, ignoring case and
 * spaces, with a message on the form's field.
 */
export function assertNameFree(
	rows: readonly { id: string; name: string }[],
	name: string,
	{ what, field = 'name', exceptId }: { what: string; field?: string; exceptId?: string }
): void {
	const key = nameKey(name);
	const same = rows.find((row) => row.id !== exceptId && nameKey(row.name) === key);
	if (same)
		throw new ValidationError({ [field]: `A ${what} named “${same.name}” already exists.` });
}
