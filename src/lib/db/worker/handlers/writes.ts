/**
 * Every write the page can ask for, and how it runs: a change of some rows goes through the
 * gate as it is; the writes that replace the data as a whole (and undo) are in data.ts. Loaded
 * on the first write, with the zod and Kysely code the handlers use.
 */
import type { WriteContext, WriteName, WriteReply, Writes } from '../../messages';
import type { ChangeHandlers } from '../gate';
import type { WorkerServices } from '../services';
import { assetTypeHandlers } from './asset-types';
import { assetHandlers } from './assets';
import { categoryHandlers } from './categories';
import { csvWrites, type CsvWrites } from './csv-import';
import { currencyHandlers } from './currencies';
import { dataWrites, type DataWrites } from './data';
import { syncWrites, type SyncWrites } from './sync';
import { tagHandlers } from './tags';
import { transactionHandlers } from './transactions';
import { valuationHandlers } from './valuations';

type ChangeWrite = Exclude<WriteName, keyof DataWrites | keyof CsvWrites | keyof SyncWrites>;
type OtherWrites = DataWrites & CsvWrites & SyncWrites;

export const changeHandlers: ChangeHandlers<ChangeWrite> = {
	...assetHandlers,
	...valuationHandlers,
	...transactionHandlers,
	...categoryHandlers,
	...tagHandlers,
	...assetTypeHandlers,
	...currencyHandlers
};

let data: { worker: WorkerServices; writes: OtherWrites } | null = null;

export function runWrite<K extends WriteName>(
	worker: WorkerServices,
	op: K,
	args: Writes[K]['args'],
	context: WriteContext,
	request: { id: number }
): Promise<WriteReply<Writes[K]['result']>> {
	if (Object.hasOwn(changeHandlers, op)) {
		const handler = changeHandlers[op as ChangeWrite];
		return worker.requireGate().change(handler as never, args, context) as never;
	}
	if (data?.worker !== worker)
		data = {
			worker,
			writes: { ...dataWrites(worker), ...csvWrites(worker), ...syncWrites(worker) }
		};
	const write = data.writes[op as keyof OtherWrites] as (
		args: unknown,
		context: WriteContext,
		request: { id: number }
	) => Promise<WriteReply<Writes[K]['result']>>;
	return write(args, context, request);
}
