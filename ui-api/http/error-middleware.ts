import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from '../../engine/log/logger';
import { AppError, STATUS_BY_CODE } from './app-error';

interface BodyParserError extends Error {
  type?: string;
  status?: number;
  limit?: number;
}

function toAppError(error: unknown): AppError | null {
  if (error instanceof AppError) return error;
  const parserError = error as BodyParserError;
  if (parserError?.type === 'entity.parse.failed') {
    return new AppError('malformed_json', 'The request body is not valid JSON. Check quotes, commas and brackets.');
  }
  if (parserError?.type === 'entity.too.large') {
    return new AppError('payload_too_large', `The request body is larger than the limit of ${parserError.limit ?? 'the server'} bytes.`);
  }
  return null;
}

export function errorMiddleware(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const appError = toAppError(error);
    if (!appError) {
      // The message may quote inputs; log the stack, answer with nothing specific.
      logger.error({ err: error, method: req.method, path: req.path }, 'unhandled error');
      res.status(500).json({ error: { code: 'internal', message: 'Something went wrong on the server. It has been logged.', details: {} } });
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
