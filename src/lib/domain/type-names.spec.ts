import { describe, expect, it } from 'vitest';
import { ASSET_GROUPS, GROUP_LABELS, REFERENCE_ASSET_TYPES } from '$lib/db/reference-data';
import { groupName, typeName } from './type-names';

describe('built-in names', () => {
	it('are the stored English names in English', () => {
		for (const group of ASSET_GROUPS) expect(groupName(group)).toBe(GROUP_LABELS[group]);
		for (const type of REFERENCE_ASSET_TYPES)
			expect(typeName(type.code, type.label)).toBe(type.label);
	});

	it('keep a renamed built-in type, and a type the user added, as written', () => {
		expect(typeName('SAVINGS_ACCOUNT', 'Livret A')).toBe('Livret A');
		expect(typeName('CUSTOM_1', 'Wine')).toBe('Wine');
		expect(typeName(null, 'Wine')).toBe('Wine');
	});
});
