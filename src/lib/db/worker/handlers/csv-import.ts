/**
 * CSV import in the worker: 'csv/read' reads the chosen file and keeps it here (rows never
 * travel back to the page, only the layout and the first rows); 'csv/preview' says what the
 * choices would do; 'csv/import' writes that plan as one change through the gate, a restore
 * point kept first, undone by its changeset like any other change; 'csv/discard' forgets it.
 */
import type {
	CsvChoices,
	CsvColumnLook,
	CsvImportResult,
	WriteContext,
	WriteReply
} from '../../messages';
import { AppError, NotFoundError, ValidationError } from '$lib/domain/errors';
import type { ChangeHandler } from '../gate';
import type { WorkerServices } from '../services';
import type { QueryHandlers } from './queries';
import { openHolding } from './transactions';
import { formatDecimal } from '$lib/domain/money';
import { m } from '$lib/paraglide/messages';

/** Code only a CSV import needs, loaded the first time one is read. */
const csvCode = () =>
	Promise.all([
		import('$lib/domain/csv-read'),
		import('$lib/domain/csv-import'),
		import('../csv-plan')
	]).then(([read, mapping, plan]) => ({ ...read, ...mapping, ...plan }));

/** The CSV file 'csv/read' kept. */
function stagedCsv(worker: WorkerServices) {
	const staged = worker.stagedCsv;
	if (!staged) throw new AppError('refused', m.csv_not_ready());
	return staged;
}

/** Every non-empty cell of a column: the number style and date order they fit. */
async function looksOf(
	table: { columns: string[]; rows: { cells: string[] }[] },
	code: Awaited<ReturnType<typeof csvCode>>
): Promise<CsvColumnLook[]> {
	return table.columns.map((_, index) => {
		const cells: string[] = [];
		for (const row of table.rows) {
			const cell = row.cells[index]?.trim();
			if (cell) cells.push(cell);
		}
		const number = code.detectNumberStyle(cells);
		const date = code.detectDateOrder(cells);
		return {
			numberStyle: number.style,
			numberCandidates: number.candidates,
			dateOrder: date.order,
			dateCandidates: date.candidates
		};
	});
}

export function csvQueries(
	worker: WorkerServices
): QueryHandlers<'csv/read' | 'csv/preview' | 'csv/discard'> {
	return {
		'csv/read': async ({ fileName, bytes, assetId }, { id }) => {
			worker.requireGate();
			const { engine } = worker.requireOpen();
			worker.stagedCsv = null;
			const code = await csvCode();
			const asset =
				assetId === undefined
					? null
					: (engine.get<{ id: string; name: string }>('SELECT id, name FROM assets WHERE id = ?', [
							assetId
						]) ?? null);
			if (assetId !== undefined && !asset) throw new NotFoundError(m.csv_asset_gone());
			worker.progress(id, m.csv_phase_reading());
			const { text, encoding } = code.decodeCsv(new Uint8Array(bytes));
			const table = code.readCsvTable(text);
			if (table.rows.length === 0)
				throw new AppError(
					'bad-file',
					table.hasHeader
						? m.csv_no_rows_header_only({ file: fileName })
						: m.csv_no_rows({ file: fileName })
				);
			worker.progress(id, m.csv_phase_columns(), 1, 1);
			const looks = await looksOf(table, code);
			worker.stagedCsv = { fileName, table, asset };
			return {
				fileName,
				encoding,
				delimiter: table.delimiter,
				hasHeader: table.hasHeader,
				columns: table.columns,
				rowCount: table.rows.length,
				sample: table.rows.slice(0, 5),
				layoutKey: code.layoutKey(table),
				suggested: code.guessMapping(table.columns, asset !== null),
				looks,
				asset
			};
		},

		'csv/preview': async ({ choices, today, locale }) => {
			const staged = stagedCsv(worker);
			const { engine } = worker.requireOpen();
			const code = await csvCode();
			assertMapping(choices, staged.asset !== null, code);
			return code.currentPlan(engine, staged, choices, today, locale).preview;
		},

		'csv/discard': () => {
			worker.stagedCsv = null;
			return null;
		}
	};
}

function assertMapping(
	choices: CsvChoices,
	singleAsset: boolean,
	code: Awaited<ReturnType<typeof csvCode>>
) {
	const problem = code.mappingProblem(code.cleanMapping(choices.mapping, singleAsset), singleAsset);
	if (problem) throw new ValidationError({ mapping: problem });
}

export interface CsvWrites {
	'csv/import': (
		args: CsvChoices,
		context: WriteContext,
		request: { id: number }
	) => Promise<WriteReply<CsvImportResult>>;
}

export function csvWrites(worker: WorkerServices): CsvWrites {
	return {
		'csv/import': async (choices, context, request) => {
			const gate = worker.requireGate();
			const staged = stagedCsv(worker);
			const { engine } = worker.requireOpen();
			const code = await csvCode();
			assertMapping(choices, staged.asset !== null, code);
			worker.progress(request.id, m.csv_phase_checking());
			// Worked out here, before the restore point: the worker runs one request at a time, so
			// the database is the same when the gate writes it.
			const plan = code.currentPlan(engine, staged, choices, context.today, context.locale);
			const untyped = plan.created.find((asset) => asset.typeId === null);
			if (untyped)
				throw new ValidationError({
					newAssetTypes: m.csv_untyped_asset({ name: untyped.name })
				});
			const rows = plan.valuations.length + plan.replaced.length + plan.transactions.length;
			if (rows === 0)
				throw new AppError(
					'refused',
					plan.preview.badRowCount > 0 ? m.csv_nothing_to_import_bad() : m.csv_nothing_to_import()
				);
			worker.progress(request.id, m.csv_phase_restore_point());
			const handler: ChangeHandler<null, CsvImportResult> = {
				restorePoint: () => m.csv_restore_point_reason({ file: staged.fileName }),
				// Each row with its indexes and its part of the changeset.
				bytesNeeded: () => rows * 600,
				async run(tools) {
					worker.progress(
						request.id,
						m.csv_phase_writing({
							count: rows,
							shown: formatDecimal(String(rows), context.locale)
						}),
						0,
						rows
					);
					for (const asset of plan.opened)
						await openHolding(tools.db, asset.id, { date: asset.day, currency: asset.currency });
					const written = code.writeCsvPlan(tools.engine, plan);
					worker.progress(request.id, m.csv_phase_net_worth(), rows, rows);
					return {
						value: {
							assetsCreated: written.assets,
							valuationsAdded: written.valuations,
							valuationsReplaced: written.replaced,
							transactionsAdded: written.transactions,
							restorePoint: tools.restorePoint!
						},
						summary: {
							what: 'csv',
							verb: 'imported',
							file: staged.fileName,
							valuations: written.valuations + written.replaced,
							transactions: written.transactions
						}
					};
				}
			};
			const reply = await gate.change(handler, null, context);
			worker.stagedCsv = null;
			return reply;
		}
	};
}
