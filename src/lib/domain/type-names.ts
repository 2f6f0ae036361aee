/**
 * The names of the asset groups and of the built-in asset types, in the interface's language.
 * Small and free of zod: the dashboard's code uses them. The 13
 * reference types are rows of the database with an English label (the original's, kept in every
 * backup): shown in French while their label is still the built-in one, and as the user wrote it
 * once they renamed it. A type the user added is shown as they named it.
 */
import { REFERENCE_ASSET_TYPES, type AssetGroup } from '$lib/db/reference-data';
import { m } from '$lib/paraglide/messages';

const TYPE_NAMES: Record<string, () => string> = {
	CHECKING_ACCOUNT: m.types_type_checking_account,
	SAVINGS_ACCOUNT: m.types_type_savings_account,
	CASH: m.types_type_cash,
	REAL_ESTATE: m.types_type_real_estate,
	STOCKS: m.types_type_stocks,
	CRYPTO: m.types_type_crypto,
	BONDS: m.types_type_bonds,
	PERSONAL_PROPERTY: m.types_type_personal_property,
	VEHICLE: m.types_type_vehicle,
	LOAN: m.types_type_loan,
	COLLECTIBLES: m.types_type_collectibles,
	BUSINESS: m.types_type_business,
	OTHER: m.types_type_other
};

const GROUP_MESSAGES: Record<AssetGroup, () => string> = {
	FINANCIAL: m.organise_group_financial,
	REAL_ESTATE: m.organise_group_real_estate,
	PERSONAL_PROPERTY: m.organise_group_personal_property,
	PHYSICAL_COLLECTIONS: m.organise_group_collections,
	LIABILITIES: m.organise_group_liabilities,
	OTHER: m.organise_group_other
};

/**
 * A group's name in the interface's language (GROUP_LABELS, in English, is what the reference
 * data and files carry).
 */
export function groupLabel(group: AssetGroup): string {
	return GROUP_MESSAGES[group]();
}

const BUILT_IN = new Map(REFERENCE_ASSET_TYPES.map((type) => [type.code, type.label]));

/** A type's name: the built-in one in the interface's language, unless the user renamed it. */
export function typeName(code: string | null | undefined, label: string): string {
	const name = code ? TYPE_NAMES[code] : undefined;
	return name && BUILT_IN.get(code!) === label ? name() : label;
}
