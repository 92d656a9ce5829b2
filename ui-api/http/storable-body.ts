import type { RequestHandler } from 'express';
import { describeUnstorable, unstorableJson } from '../../engine/store/storable-json';
import { AppError } from './app-error';

/**
 * Refuses a JSON body that PostgreSQL could not store as sent (NUL, a lone surrogate, very
 * deep nesting) with 400 naming the field, before any route can half-store it or answer 500.
 */
export const storableBody: RequestHandler = (req, _res, next) => {
  const problem = req.body === undefined ? null : unstorableJson(req.body);
  if (!problem) return next();
  throw new AppError('validation_failed', `Fix the request: ${describeUnstorable(problem)}`, {
    fields: [{ field: problem.field || 'body', message: problem.message }],
  });
};
