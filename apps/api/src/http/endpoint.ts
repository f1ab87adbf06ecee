import {
  applyDecorators,
  createParamDecorator,
  HttpCode,
  RequestMapping,
  RequestMethod,
  SetMetadata,
  UseInterceptors,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { map, type Observable } from 'rxjs';
import { expressPath, fieldErrorsFromZod, type FieldError, type RouteDef, type RouteInput } from '@switchyard/contracts';
import { AppError } from './app-error';
import { contextOf } from './request-context';

export const ROUTE_METADATA = 'switchyard:route';

const METHODS = {
  GET: RequestMethod.GET,
  POST: RequestMethod.POST,
  PATCH: RequestMethod.PATCH,
  PUT: RequestMethod.PUT,
  DELETE: RequestMethod.DELETE,
} as const;

/** A handler's CSV answer, for a route that also produces CSV (`RouteDef.csv`): sent as is. */
export class CsvBody {
  constructor(readonly text: string) {}
}

/**
 * Parses every response through the route's schema: a field that is not in the contract
 * (a hash, a ciphertext) can never leak, and a handler that drifts from the OpenAPI
 * document fails loudly instead of silently.
 */
class ResponseContractInterceptor implements NestInterceptor {
  constructor(private readonly route: RouteDef) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      map((value) => {
        if (value instanceof CsvBody && this.route.csv) {
          context.switchToHttp().getResponse<Response>().type('text/csv; charset=utf-8');
          return value.text;
        }
        if (!this.route.response) return undefined;
        const parsed = this.route.response.safeParse(value);
        if (!parsed.success) {
          throw new Error(`response of ${this.route.id} breaks its contract: ${parsed.error.message}`);
        }
        return parsed.data;
      }),
    );
  }
}

/** Binds a handler to its route: path, method, success status, access metadata, response contract. */
export function Endpoint(route: RouteDef): MethodDecorator {
  return applyDecorators(
    RequestMapping({ path: expressPath(route.path), method: METHODS[route.method] }),
    HttpCode(route.status),
    SetMetadata(ROUTE_METADATA, route),
    UseInterceptors(new ResponseContractInterceptor(route)),
  );
}

/** Validates params, query and body together, so one 400 names every offending field. */
export function parseInput(route: RouteDef, req: Request): RouteInput<RouteDef> {
  const fields: FieldError[] = [];
  const parse = (location: 'params' | 'query' | 'body', schema: RouteDef['params'], value: unknown) => {
    if (!schema) {
      const hasContent = value && typeof value === 'object' && Object.keys(value).length > 0;
      if (location !== 'params' && hasContent) fields.push({ path: location, message: `this route takes no ${location}` });
      return undefined;
    }
    const result = schema.safeParse(value ?? (location === 'body' ? undefined : {}));
    if (!result.success) fields.push(...fieldErrorsFromZod(location, result.error));
    return result.success ? result.data : undefined;
  };
  const input = {
    params: parse('params', route.params, req.params),
    query: parse('query', route.query, req.query),
    body: parse('body', route.body, req.body),
  };
  if (fields.length > 0) throw AppError.invalid(fields);
  return input as RouteInput<RouteDef>;
}

/** The validated `{ params, query, body }` of the handler's route. */
export const Input = createParamDecorator((_data: unknown, ctx: ExecutionContext) => {
  const route = Reflect.getMetadata(ROUTE_METADATA, ctx.getHandler()) as RouteDef;
  return parseInput(route, ctx.switchToHttp().getRequest<Request>());
});

/** The authenticated caller (organization token). */
export const Caller = createParamDecorator((_data: unknown, ctx: ExecutionContext) => {
  const principal = contextOf(ctx.switchToHttp().getRequest<Request>()).principal;
  if (!principal) throw new AppError('unauthenticated', 'authentication required');
  return principal;
});

/** The request id, for audit entries. */
export const RequestId = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext) => contextOf(ctx.switchToHttp().getRequest<Request>()).requestId,
);
