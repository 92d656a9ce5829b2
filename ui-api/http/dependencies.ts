import type { ConnectorRegistry } from '../../connectors';
import type { Config } from '../../engine/config/config';
import type { Logger } from '../../engine/log/logger';
import type { Db } from '../../engine/store/db';

/** What every route factory receives from createApp. */
export interface RouteDependencies {
  db: Db;
  config: Config;
  logger: Logger;
  connectors: ConnectorRegistry;
  /** Now; tests pass a fixed or stepping clock. */
  clock: () => Date;
}
