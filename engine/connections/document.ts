import type { JsonObject } from '../../connectors/sdk';
import type { Schedule } from '../schedule';

/** A connection as people build, export and import it (see ARCHITECTURE.md). */
export interface ConnectionDocument {
  name: string;
  source: { connector: string; trigger: string; account?: string | null; options?: JsonObject };
  /** Absent while the connection is a draft saved from the wizard's first step. */
  destination?: { connector: string; action: string; account?: string | null; options?: JsonObject } | null;
  mapping?: Record<string, string | number | boolean>;
  schedule?: Schedule | null;
  runAfter?: string | null;
  enabled?: boolean;
}

const uuid = { type: 'string', format: 'uuid' };

export const connectionDocumentSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'source'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 200 },
    source: {
      type: 'object',
      additionalProperties: false,
      required: ['connector', 'trigger'],
      properties: {
        connector: { type: 'string', minLength: 1, maxLength: 100 },
        trigger: { type: 'string', minLength: 1, maxLength: 100 },
        account: { anyOf: [uuid, { type: 'null' }] },
        options: { type: 'object' },
      },
    },
    destination: {
      anyOf: [
        {
          type: 'object',
          additionalProperties: false,
          required: ['connector', 'action'],
          properties: {
            connector: { type: 'string', minLength: 1, maxLength: 100 },
            action: { type: 'string', minLength: 1, maxLength: 100 },
            account: { anyOf: [uuid, { type: 'null' }] },
            options: { type: 'object' },
          },
        },
        { type: 'null' },
      ],
    },
    mapping: {
      type: 'object',
      maxProperties: 200,
      additionalProperties: { type: ['string', 'number', 'boolean'], maxLength: 10000 },
    },
    // Checked by validateSchedule, whose messages name the time or zone at fault.
    schedule: { type: ['object', 'null'] },
    runAfter: { anyOf: [uuid, { type: 'null' }] },
    enabled: { type: 'boolean' },
  },
} as const;
