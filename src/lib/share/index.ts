/**
 * The shared-model format, as both the app (before uploading) and the Worker (on arrival) check
 * it: limits, schemas, API answer types and the one validation entry point.
 */
export { ShareFormatError } from './errors';
export * from './limits';
export {
	CatalogueModelSchema,
	ModelJsonSchema,
	ShareMetaSchema,
	type CatalogueModel,
	type DatasetList,
	type ModelJson,
	type ShareCreated,
	type SharedModelInfo,
	type ShareMeta,
	type WeightsCatalogue
} from './schema';
export { validateShareArchive, type ValidatedModel, type ValidatedShare } from './validate';
