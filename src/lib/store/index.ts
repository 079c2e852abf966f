/** Public API of the IndexedDB store (page and Web Worker alike). */
export {
	openLatentDb,
	resolveDb,
	StorageUnavailableError,
	DB_NAME,
	DB_VERSION,
	type LatentDb,
	type ModelRecord,
	type CheckpointRecord,
	type CheckpointPart,
	type SampleRecord,
	type LossHistory,
	type JsonValue
} from './db';
export { StorageFullError, ImportError, isQuotaError } from './errors';
export {
	saveCheckpoint,
	loadCheckpoint,
	listCheckpoints,
	restoreInto,
	CorruptCheckpointError,
	DEFAULT_KEEP,
	type SaveCheckpointOptions,
	type LoadedCheckpoint,
	type RestoreTarget
} from './checkpoints';
export { latentIOHandler, type LatentIOOptions } from './io-handler';
export {
	createModel,
	getModel,
	listModels,
	renameModel,
	updateModel,
	duplicateModel,
	deleteModel,
	undoDelete,
	purgeModel,
	purgeDeleted,
	storageEstimate,
	requestPersistence
} from './library';
export { addSample, listSamples } from './samples';
export { exportModelZip, type ExportOptions } from './export';
export { importModelZip, type ImportOptions } from './import';
export { withModelLock, modelLockName } from './locks';
export { CHUNK_BYTES } from './chunks';
export {
	saveUserDataset,
	getUserDataset,
	listUserDatasets,
	deleteUserDataset,
	userDatasetId,
	USER_DATASET_PREFIX,
	type UserDatasetInfo,
	type UserDatasetRecord,
	type SkippedFile
} from './datasets';
export {
	saveStylizerInputs,
	getStylizerInputs,
	deleteStylizerInputs,
	type StylizerInputs
} from './stylizer-inputs';
export { resumeRun, checkpointRun, type RunTrainer, type RunData } from './runs';
