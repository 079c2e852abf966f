/** Every metric of the model zoo, from one import. */
export { ari, clusteringAccuracy, contingencyTable, nmi } from './clustering';
export { hungarian } from './hungarian';
export { psnr, psnrPerImage, ssim, ssimPerImage } from './image';
export { auc, rocAuc, rocCurve, type RocCurve } from './roc';
export { frechetDistance, frechetDistanceFromStats, meanAndCovariance } from './frechet';
export {
	assessModeCollapse,
	classHistogram,
	DEFAULT_COLLAPSE_RULE,
	type CollapseRule,
	type CollapseVerdict
} from './mode-collapse';
export { nearestRows, neighbourAgreement, type NeighbourAgreementOptions } from './neighbours';
