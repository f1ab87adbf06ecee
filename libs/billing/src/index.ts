// Price catalog, per-second metering, invoices, quotas, cost estimates — DESIGN.md "Billing".
// Pure: no I/O, no clock of its own (lint-enforced); callers pass `now` and the rows.
export * from './money';
export * from './price-catalog';
export * from './metering';
export * from './footprint';
export * from './estimate';
export * from './invoice';
export * from './usage-report';
export * from './quota';
