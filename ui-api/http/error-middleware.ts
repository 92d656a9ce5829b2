import type { ErrorRequestHandler, RequestHandler } from 'express';
import { Logger, maskSecretsInText } from '../../engine/log/logger';
import { ServiceError } from '../../engine/workspaces/service-error';
import { AppError, STATUS_BY_CODE } from './app-error';

interface BodyParserError extends Error {
  type?: string;
  status?: number;
  limit?: number;
}

function toAppError(error: unknown): AppError | null {
  if (error instanceof AppError) return error;
  // Engine services speak the same codes without depending on the HTTP layer.
  if (error instanceof ServiceError) return new AppError(error.code, error.message, error.details, error.headers);
  const parserError = error as BodyParserError;
  if (parserError?.type === 'entity.parse.failed') {
    return new AppError('malformed_json', 'The request body is not valid JSON. Check quotes, commas and brackets.');
  }
  if (parserError?.type === 'entity.too.large') {
    const limit = parserError.limit ? `${Math.round(parserError.limit / 1024)} KB` : 'the server limit';
    return new AppError('payload_too_large', `The request body is larger than ${limit}. Send less data per request.`, {
      limitBytes: parserError.limit ?? null,
    });
  }
  return null;
}

export function errorMiddleware(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const appError = toAppError(error);
    if (!appError) {
      // The message may quote inputs; log the stack, answer with nothing specific.
      const err =
        error instanceof Error
          ? { type: error.name, message: maskSecretsInText(error.message), stack: maskSecretsInText(error.stack ?? '') }
          : { type: typeof error };
      logger.error({ err, method: req.method, path: req.path }, 'unhandled error');
      res
        .status(500)
        .json({ error: { code: 'internal', message: 'Something went wrong on the server. It has been logged.', details: {} } });
      return;
    }
    for (const [name, value] of Object.entries(appError.headers)) res.setHeader(name, value);
    res.status(STATUS_BY_CODE[appError.code]).json({
      error: { code: appError.code, message: appError.message, details: appError.details },
    });
  };
}

export const notFoundRoute: RequestHandler = (req, _res, next) => {
  next(new AppError('not_found', `There is no ${req.method} ${req.path} in this API.`));
};
