export { ALGORITHMS, evaluate, predict, trainClassifier, type Algorithm, type Metrics, type Trained } from "./train";
export { rocAuc, prAuc, logLoss, calibration, liftTable, psi } from "./metrics";
export { ANY_EVENT, AGGREGATES, featureSchema, STARTER_FEATURES, type Feature, type FeatureInput, type FeatureSpec } from "./features/schema";
export { createFeature, createStarterFeatures, deleteFeature, featuresAt, FEATURES_CHANNEL, listFeatures, processFeatureQueue, profileFeatures, sweepNextWorkspace } from "./features/store";
export { MODEL_KINDS, modelSchema, type ModelInput, type ModelKind, type Target } from "./models/schema";
export { createModel, deleteModel, getModel, listJobs, listModels, listVersions, ML_CHANNEL, requestJob, trainNow, updateModel, useVersion, type Model, type ModelJob, type ModelVersion } from "./models/store";
export { runNextJob, scheduleModels } from "./models/run";
