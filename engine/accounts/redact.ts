import { maskSecretsInText } from '../log/logger';

function secretStrings(value: unknown, into: string[] = []): string[] {
  if (typeof value === 'string' && value.length >= 4) into.push(value);
  else if (Array.isArray(value)) value.forEach((item) => secretStrings(item, into));
  else if (value && typeof value === 'object') Object.values(value).forEach((item) => secretStrings(item, into));
  return into;
}

/**
 * A connector's error message may quote what it was given. Every credential value is
 * cut out before the message reaches a person, a response or a log line.
 */
export function withoutCredentials(message: string, credentials: unknown): string {
  let safe = message;
  for (const secret of secretStrings(credentials).sort((a, b) => b.length - a.length)) {
    safe = safe.split(secret).join('[redacted]');
  }
  return maskSecretsInText(safe);
}
