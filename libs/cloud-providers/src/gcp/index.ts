export {
  createGcpProvider,
  GCP_DEFAULT_BOOT_IMAGE,
  GCP_DEFAULT_MACHINE_TYPE,
  type GcpProviderOptions,
} from './provider';
export { validateGcpCloud, type GcpValidationDeps } from './validate';
export { GCP_ERROR_KINDS, gcpErrorKind } from './error-codes';
