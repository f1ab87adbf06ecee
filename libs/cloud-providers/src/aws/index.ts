export { createAwsProvider, AWS_DEFAULT_INSTANCE_TYPE, type AwsProviderOptions } from './provider';
export { validateAwsCloud, type AwsValidationDeps } from './validate';
export { AWS_ERROR_KINDS, awsErrorKind } from './error-codes';
export { DEFAULT_AMI_NAME_PATTERN } from './default-ami';
