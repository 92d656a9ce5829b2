import { previewSchedule, type SchedulePreview } from '../schedule';
import { ServiceError } from '../workspaces/service-error';
import type { ConnectionServiceDeps } from './service';
import { workspaceTimezone } from './service';
import { checkSchedule } from './validate';

/**
 * What a schedule being edited would do if saved now, checked exactly as a save checks
 * it, so the wizard can show each time's first run and a cron expression's problems
 * while the person types.
 */
export async function previewScheduleFor(args: {
  deps: Pick<ConnectionServiceDeps, 'db' | 'clock'>;
  workspaceId: string;
  schedule: object;
}): Promise<SchedulePreview> {
  const timezone = await workspaceTimezone(args.deps.db, args.workspaceId);
  const { problems, schedule } = checkSchedule(args.schedule, timezone);
  if (!schedule) {
    const first = problems[0];
    throw new ServiceError('validation_failed', first ? `${first.field}: ${first.message}` : 'The schedule is not valid.', {
      fields: problems,
    });
  }
  return previewSchedule(schedule, args.deps.clock(), timezone);
}
