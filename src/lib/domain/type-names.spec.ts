import { describe, expect, it } from 'vitest';
import { REFERENCE_ASSET_TYPES } from '$lib/db/reference-data';
import { typeName } from './type-names';

describe('built-in names', () => {
	it('are the stored English names in English', () => {
		for (const type of REFERENCE_ASSET_TYPES)
			expect(typeName(type.code, type.label)).toBe(type.label);
	});

	it('keep a renamed built-in type, and a type the user added, as written', () => {
		expect(typeName('SAVINGS_ACCOUNT', 'Livret A')).toBe('Livret A');
		expect(typeName('CUSTOM_1', 'Wine')).toBe('Wine');
		expect(typeName(null, 'Wine')).toBe('Wine');
	});
});
