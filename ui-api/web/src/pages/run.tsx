import { RunDetails } from '../components/run-details';
import { useSession } from '../session';

export function RunPage({ runId }: { runId: string }) {
  const { session } = useSession();
  return <RunDetails runId={runId} timezone={session.workspace.timezone} />;
}
