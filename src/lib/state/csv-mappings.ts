/**
 * The mapping last used for each layout of CSV file (csv-read's layoutKey: the delimiter and
 * the header), remembered on this device in IndexedDB, so the next statement of the same bank
 * opens with its columns already chosen.
 */
import type { CsvDateOrder, CsvMapping, CsvNumberStyle } from '$lib/db/messages';
import { keyValueStore } from './key-value-store';

export interface RememberedMapping {
	mapping: CsvMapping;
	numberStyle: CsvNumberStyle | null;
	dateOrder: CsvDateOrder | null;
}

const store = keyValueStore('strata-csv-mappings', 'mappings');

/** The mapping used last for this layout, if any (null where IndexedDB is refused). */
export async function rememberedMapping(layoutKey: string): Promise<RememberedMapping | null> {
	try {
		const value = await store.run<RememberedMapping | undefined>('readonly', (s) =>
			s.get(layoutKey)
		);
		return value ?? null;
	} catch {
		return null;
	}
}

export async function rememberMapping(layoutKey: string, value: RememberedMapping): Promise<void> {
	try {
		await store.run('readwrite', (s) => s.put(value, layoutKey));
	} catch {
		// Private windows may refuse IndexedDB: the mapping is then chosen again next time.
	}
}
