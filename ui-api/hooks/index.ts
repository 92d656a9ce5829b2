export { hooksRouter, MAX_PAYLOAD_BYTES } from './router';
export type { HooksDependencies } from './router';
