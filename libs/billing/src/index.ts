// Price catalog, per-second metering, invoices, quotas, cost estimates — DESIGN.md "Billing".
// Pure: no I/O, no clock of its own (lint-enforced). Filled by the billing issue.
export {};
