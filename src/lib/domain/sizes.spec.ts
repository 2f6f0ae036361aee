import { describe, expect, it } from 'vitest';
import { formatSize } from './sizes';

describe('sizes as people read them', () => {
	it('in KB, MB and GB, with the format’s decimal mark', () => {
		expect(formatSize(0)).toBe('0 KB');
		expect(formatSize(740 * 1024)).toBe('740 KB');
		expect(formatSize(19.4 * 1024 ** 2)).toBe('19.4 MB');
		expect(formatSize(2.1 * 1024 ** 3)).toBe('2.1 GB');
		expect(formatSize(19.4 * 1024 ** 2, 'fr-FR')).toBe('19,4 MB');
	});
});
