// The CloudProvider port and its adapters (sim, local, aws, gcp) — DESIGN.md "Providers".
// Filled by the rollout-engine, local-provider and cloud-provider issues; SDKs are imported
// only inside their adapter.
export {};
