/** Names of tags, categories and asset types: trimmed, unique regardless of letter case. */
import { z } from 'zod';

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

/** The existing row whose name equals `name` (ignoring case and spaces), other than `exceptId`. */
export function findSameName<T extends { id: string; name: string }>(
	rows: readonly T[],
	name: string,
	exceptId?: string
): T | undefined {
	const key = nameKey(name);
	return rows.find((row) => row.id !== exceptId && nameKey(row.name) === key);
}
