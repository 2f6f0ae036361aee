/**
 * Settings → Import CSV (and an asset's "Import CSV"): choose a file → map its columns and
 * answer what it leaves open → preview → import → result. The file is read and kept in the
 * worker; this keeps what the page shows and the user's choices. The mapping of each layout of
 * file is remembered on this device (csv-mappings.ts).
 */
import type { Progress } from '$lib/db/client';
import type {
	CsvChoices,
	CsvDateOrder,
	CsvField,
	CsvImportResult,
	CsvKind,
	CsvLayout,
	CsvMapping,
	CsvNumberStyle,
	CsvPreview
} from '$lib/db/messages';
import { cleanMapping, guessMapping, mappingProblem, openQuestions } from '$lib/domain/csv-import';
import { NUMBER_STYLES } from '$lib/domain/csv-read';
import { today } from '$lib/domain/dates';
import { database } from './database.svelte';
import { problemOf, type Problem } from './backup.svelte';
import { rememberMapping, rememberedMapping } from './csv-mappings';
import { settings } from './settings.svelte';
import { measured } from './timing';
import { m } from '$lib/paraglide/messages';

export type CsvStep = 'choose' | 'mapping' | 'preview' | 'done';

const DATE_ORDERS: CsvDateOrder[] = ['iso', 'dmy', 'mdy'];

const sameStyle = (a: CsvNumberStyle | null, b: CsvNumberStyle | null) =>
	a !== null && b !== null && a.decimal === b.decimal && a.grouping === b.grouping;

class CsvImportState {
	step = $state<CsvStep>('choose');
	/** What is running, in words, or null. */
	busy = $state<string | null>(null);
	progress = $state<Progress | null>(null);
	/** Started from an asset's page: every row is this asset's. */
	assetId = $state<string | null>(null);
	layout = $state<CsvLayout | null>(null);
	mapping = $state<CsvMapping>({ kind: 'valuations', columns: {} });
	/** The user's answers, when the file leaves the question open (never guessed). */
	numberStyle = $state<CsvNumberStyle | null>(null);
	dateOrder = $state<CsvDateOrder | null>(null);
	/** Whether the mapping came from an earlier file of the same layout. */
	remembered = $state(false);
	newAssetTypes = $state<Record<string, string>>({});
	conflicts = $state<'keep' | 'replace'>('keep');
	preview = $state<CsvPreview | null>(null);
	problem = $state<Problem | null>(null);
	result = $state<CsvImportResult | null>(null);

	/** What the mapping leaves open, with the candidates to ask among. */
	get questions() {
		const layout = this.layout;
		if (!layout) return null;
		const open = openQuestions(this.mapping, layout.looks);
		return {
			numberStyle: {
				settled: open.numberStyle.settled,
				// Cells that fit no style at all (every value bad): any style may be chosen.
				candidates: open.numberStyle.candidates.length
					? open.numberStyle.candidates
					: [...NUMBER_STYLES.slice(0, 3)]
			},
			dateOrder: {
				settled: open.dateOrder.settled,
				candidates: open.dateOrder.candidates.length ? open.dateOrder.candidates : DATE_ORDERS
			}
		};
	}

	/** The choices as they stand, or what is still to choose, in words. */
	get choices(): CsvChoices | string {
		const questions = this.questions;
		if (!questions) return m.csv_choose_file_first();
		const single = this.assetId !== null;
		const mapping = cleanMapping(this.mapping, single);
		const missing = mappingProblem(mapping, single);
		if (missing) return missing;
		const numberStyle = questions.numberStyle.settled ?? this.numberStyle;
		if (!numberStyle) return m.csv_choose_number_style();
		const dateOrder = questions.dateOrder.settled ?? this.dateOrder;
		if (!dateOrder) return m.csv_choose_date_order();
		return {
			mapping,
			numberStyle,
			dateOrder,
			newAssetTypes: { ...this.newAssetTypes },
			conflicts: this.conflicts
		};
	}

	/** A fresh start, for one asset or for any. */
	start(assetId: string | null): void {
		if (this.layout) void database.client.call('csv/discard', null);
		this.step = 'choose';
		this.assetId = assetId;
		this.layout = null;
		this.preview = null;
		this.problem = null;
		this.result = null;
		this.newAssetTypes = {};
		this.conflicts = 'keep';
		this.numberStyle = null;
		this.dateOrder = null;
		this.remembered = false;
	}

	async #run<T>(what: string, work: () => Promise<T>): Promise<T | null> {
		this.busy = what;
		this.progress = null;
		this.problem = null;
		try {
			return await work();
		} catch (error) {
			this.problem = problemOf(error);
			return null;
		} finally {
			this.busy = null;
			this.progress = null;
		}
	}

	/** Reads a chosen file in the worker and goes to the mapping step. Writes nothing. */
	async read(file: File): Promise<void> {
		const assetId = this.assetId;
		this.start(assetId);
		await this.#run(m.csv_reading({ file: file.name }), async () => {
			const bytes = await file.arrayBuffer();
			const layout = await measured('strata:csv-read', () =>
				database.client.call(
					'csv/read',
					{ fileName: file.name, bytes, ...(assetId ? { assetId } : {}) },
					{ transfer: [bytes], onProgress: (p) => (this.progress = p) }
				)
			);
			const before = await rememberedMapping(layout.layoutKey);
			this.layout = layout;
			this.mapping = before ? cleanMapping(before.mapping, assetId !== null) : layout.suggested;
			this.remembered = before !== null;
			// An answer given for an earlier file of this layout is offered again (still shown).
			const questions = this.questions!;
			if (
				before?.numberStyle &&
				questions.numberStyle.candidates.some((c) => sameStyle(c, before.numberStyle))
			)
				this.numberStyle = before.numberStyle;
			if (before?.dateOrder && questions.dateOrder.candidates.includes(before.dateOrder))
				this.dateOrder = before.dateOrder;
			this.step = 'mapping';
		});
	}

	setKind(kind: CsvKind): void {
		if (!this.layout || kind === this.mapping.kind) return;
		const guess = guessMapping(this.layout.columns, this.assetId !== null);
		this.mapping =
			guess.kind === kind
				? guess
				: { kind, columns: { date: this.mapping.columns.date, asset: this.mapping.columns.asset } };
	}

	setColumn(field: CsvField, column: number | null): void {
		const columns = { ...this.mapping.columns };
		if (column === null) delete columns[field];
		else columns[field] = column;
		this.mapping = { kind: this.mapping.kind, columns };
	}

	/** From the mapping to the preview: what the import would do. Writes nothing. */
	async toPreview(defaultTypeId: (kind: CsvKind) => string | undefined): Promise<void> {
		const choices = this.choices;
		if (typeof choices === 'string') {
			this.problem = { message: choices, problems: [], saysUnchanged: false };
			return;
		}
		const layout = this.layout!;
		// Plain values: IndexedDB cannot clone the page's reactive proxies either.
		void rememberMapping(
			layout.layoutKey,
			$state.snapshot({
				mapping: choices.mapping,
				numberStyle: choices.numberStyle,
				dateOrder: choices.dateOrder
			})
		);
		const preview = await this.#ask(choices);
		if (!preview) return;
		// Each new asset starts with the usual type of its kind, shown and changeable in the
		// preview (none is a debt, so the plan does not change with it).
		const fallback = defaultTypeId(preview.kind);
		const types = { ...this.newAssetTypes };
		for (const asset of preview.assets)
			if (asset.assetId === null && !types[asset.name] && fallback) types[asset.name] = fallback;
		this.newAssetTypes = types;
		this.step = 'preview';
	}

	/** The preview again, after a choice of it changed (a type, what to do with conflicts). */
	async refresh(): Promise<void> {
		const choices = this.choices;
		if (typeof choices !== 'string') await this.#ask(choices);
	}

	async #ask(choices: CsvChoices): Promise<CsvPreview | null> {
		const preview = await this.#run(m.csv_working_out(), () =>
			measured('strata:csv-preview', () =>
				database.client.call('csv/preview', {
					// Plain values: postMessage cannot clone the page's reactive proxies.
					choices: $state.snapshot(choices),
					today: today(),
					locale: settings.locale
				})
			)
		);
		if (preview) this.preview = preview;
		return preview;
	}

	backToMapping(): void {
		this.problem = null;
		this.step = 'mapping';
	}

	/**
	 * Writes the import: one change, a restore point kept first, undoable. The notice with its
	 * Undo says what it imported (describeChange).
	 */
	async confirm(): Promise<void> {
		const choices = this.choices;
		if (typeof choices === 'string') return;
		const result = await this.#run(m.csv_importing(), () =>
			measured('strata:csv-import-commit', () =>
				database.write('csv/import', choices, { onProgress: (p) => (this.progress = p) })
			)
		);
		if (result) {
			this.result = result;
			this.step = 'done';
		}
	}

	/** Leaves the import: the file the worker keeps is forgotten. */
	cancel(): void {
		this.start(this.assetId);
	}
}

export const csvImport = new CsvImportState();
