import pino, { Logger } from 'pino';

export type { Logger };

// Keys whose values are secrets wherever they appear in a log object.
const REDACTED_PATHS = [
  'password',
  'secret',
  'token',
  'apiKey',
  'credentials',
  'authorization',
  'cookie',
  '*.password',
  '*.secret',
  '*.token',
  '*.apiKey',
  '*.credentials',
  '*.authorization',
  '*.cookie',
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'headers.cookie',
];

// Belt and braces: key-shaped strings are masked even inside free text.
const SECRET_PATTERN =
  /\b(sk|rk)_(test|live)_[A-Za-z0-9]{4,}|-----BEGIN [A-Z ]*PRIVATE KEY-----[^-]*-----END [A-Z ]*PRIVATE KEY-----/g;

export function maskSecretsInText(text: string): string {
  return text.replace(SECRET_PATTERN, (match) => (match.startsWith('-----') ? '[private key]' : `${match.slice(0, 8)}...`));
}

export function createLogger(options: { level?: string; destination?: pino.DestinationStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      hooks: {
        logMethod(args, method) {
          const masked = args.map((arg) => (typeof arg === 'string' ? maskSecretsInText(arg) : arg));
          method.apply(this, masked as Parameters<typeof method>);
        },
      },
      formatters: { level: (label) => ({ level: label }) },
    },
    options.destination,
  );
}
