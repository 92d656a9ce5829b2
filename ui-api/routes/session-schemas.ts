import type { JsonSchema } from '../../connectors/sdk';
import { PASSWORD_MIN_LENGTH, PASSWORD_RULE } from '../../engine/auth/password-rule';

const email: JsonSchema = { type: 'string', format: 'email', maxLength: 254, description: 'Your email address.' };

export interface SetupBody {
  email: string;
  password: string;
  workspaceName: string;
  timezone?: string;
}

export const setupSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['email', 'password', 'workspaceName'],
  properties: {
    email,
    password: { type: 'string', minLength: PASSWORD_MIN_LENGTH, maxLength: 1024, writeOnly: true, description: PASSWORD_RULE },
    workspaceName: { type: 'string', minLength: 1, maxLength: 200 },
    timezone: { type: 'string', minLength: 1, maxLength: 64, description: 'IANA time zone for schedules; default UTC.' },
  },
};

export interface LoginBody {
  email: string;
  password: string;
}

export const loginSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['email', 'password'],
  properties: {
    email: { type: 'string', minLength: 1, maxLength: 254 },
    password: { type: 'string', minLength: 1, maxLength: 1024, writeOnly: true },
  },
};

const workspace: JsonSchema = {
  type: 'object',
  properties: { id: { type: 'string', format: 'uuid' }, name: { type: 'string' }, timezone: { type: 'string' } },
};

export const sessionSchema: JsonSchema = {
  type: 'object',
  properties: {
    user: { type: 'object', properties: { id: { type: 'string', format: 'uuid' }, email: { type: 'string' } } },
    workspace,
    workspaces: { type: 'array', items: workspace },
    csrfToken: { type: ['string', 'null'], description: 'Send as X-CSRF-Token on state-changing requests made with the cookie.' },
  },
};
