/**
 * CSV exports: the layout chosen (remembered on this device, like the number format it follows:
 * localStorage, not the data) and the download itself.
 */
import { csvFileName } from '$lib/backup/file-name';
import { today } from '$lib/domain/dates';
import {
	CSV_LAYOUTS,
	csvFormat,
	type CsvFormat,
	type CsvLayout,
	type CsvTable
} from '$lib/domain/csv-format';
import { download } from './download';
import { settings } from './settings.svelte';
import { m } from '$lib/paraglide/messages';

const KEY = 'strata.csv-layout';

/** Each layout's name in the interface language, read when used (a getter per layout). */
export const CSV_LAYOUT_LABELS: Readonly<Record<CsvLayout, string>> = {
	get spreadsheet() {
		return m.csv_layout_spreadsheet();
	},
	get plain() {
		return m.csv_layout_plain();
	}
};

/** "semicolons between columns, 1234,56": what a layout writes, in words. */
export function describeCsvFormat({ delimiter, decimalMark }: CsvFormat): string {
	const example = `1234${decimalMark}56`;
	return delimiter === ';'
		? m.csv_format_semicolons({ example })
		: m.csv_format_commas({ example });
}

function stored(): CsvLayout {
	try {
		const value = localStorage.getItem(KEY);
		return CSV_LAYOUTS.find((l) => l === value) ?? 'spreadsheet';
	} catch {
		return 'spreadsheet';
	}
}

class CsvExportState {
	layout = $state<CsvLayout>('spreadsheet');

	constructor() {
		if (typeof localStorage !== 'undefined') this.layout = stored();
	}

	/** The delimiter and decimal mark of the chosen layout in the current number format. */
	get format() {
		return csvFormat(this.layout, settings.locale);
	}

	/**
	 * Remembers the layout on this device. Where localStorage refuses (a private window, a full
	 * or blocked storage) the choice still holds until the page is closed: nothing else needs it.
	 */
	save(): void {
		try {
			localStorage.setItem(KEY, this.layout);
		} catch {
			// Kept in this.layout for the session.
		}
	}

	/**
	 * Writes `table` in the chosen layout and downloads it as `strata-<what>[-<about>]-<today>.csv`.
	 * The writer (with papaparse) loads on the first download, not with the page.
	 */
	async download(what: string, table: CsvTable, about?: string): Promise<void> {
		const { writeCsv } = await import('$lib/domain/csv-write');
		const bytes = new TextEncoder().encode(writeCsv(table, this.format));
		download(
			bytes.buffer as ArrayBuffer,
			csvFileName(what, today(), about),
			'text/csv;charset=utf-8'
		);
	}
}

export const csvExport = new CsvExportState();
