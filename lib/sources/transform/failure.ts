/** A transformation step that cannot do its job for a message: it goes to quarantine with this reason. */
export class StepFailure extends Error {}
