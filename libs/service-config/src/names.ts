/**
 * The string shapes of a service config. Defined here rather than imported from
 * `@switchyard/contracts` on purpose: the deploy contract there will embed this schema, and
 * importing back would make the two libs a cycle.
 */
import { z } from 'zod';

const DNS_LABEL = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const DNS_MESSAGE = 'lower-case letters, digits and inner hyphens only';

function dnsLabelOf(max: number) {
  return z
    .string()
    .min(1)
    .max(max)
    .regex(DNS_LABEL, DNS_MESSAGE)
    .refine(
      (v) => !v.includes('--'),
      'may not contain "--" (it separates service and project in URLs)',
    );
}

/** Service and project names: they appear in URLs as `<service>--<project>.<base domain>`. */
export const serviceName = dnsLabelOf(40);
export const projectName = dnsLabelOf(40);
/** Version names end up in cluster labels and the `X-Switchyard-Version` pinning header. */
export const versionName = dnsLabelOf(63);

/** Clouds, compute configs and worker groups: the same rule as the resources API. */
export const resourceName = z
  .string()
  .min(1)
  .max(63)
  .regex(
    /^[a-z0-9][a-z0-9_-]*$/,
    'lower-case letters, digits, "-" and "_", starting with a letter or digit',
  );

/**
 * Application and deployment names. Ray Serve deployments are usually class names
 * (`TextModel`), so upper case is allowed; no spaces or slashes, since they appear in replica
 * ids, metrics labels and paths like `applications[name]`.
 */
export const serveName = z
  .string()
  .min(1)
  .max(63)
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_.-]*$/,
    'letters, digits, ".", "-" and "_", starting with a letter or digit',
  );

/** POSIX-style variable names, upper case by convention (and so that keys never collide by case). */
export const envVarName = z
  .string()
  .regex(/^[A-Z_][A-Z0-9_]*$/, 'upper-case letters, digits and "_", not starting with a digit');

/**
 * `/` or `/a/b`: starts with "/", no trailing "/" (so `/api` and `/api/` cannot both exist and
 * pass the uniqueness check), no query, fragment or whitespace.
 */
export const routePrefix = z
  .string()
  .max(200)
  .superRefine((value, ctx) => {
    // One message per value: the most basic rule that fails.
    if (!value.startsWith('/')) ctx.addIssue({ code: 'custom', message: 'must start with "/"' });
    else if (!/^(\/|(\/[^/\s?#]+)+)$/.test(value)) {
      ctx.addIssue({
        code: 'custom',
        message: 'path segments only: no trailing "/", "//", whitespace, "?" or "#"',
      });
    }
  });

/** Ray Serve entry point, `package.module:attribute` (the older `module.attribute` also works). */
export const importPath = z
  .string()
  .max(300)
  .regex(
    /^[A-Za-z_][\w.]*(:[A-Za-z_][\w.]*)?$/,
    'a Python import path such as "app.main:deployment"',
  );

/** A shell command (local provider): anything non-blank. */
export const command = z.string().max(4000).regex(/\S/, 'must not be blank');

/** A container image reference; whitespace would only ever be a copy-paste accident. */
export const imageUri = z.string().min(1).max(512).regex(/^\S+$/, 'must not contain whitespace');
