import Link from 'next/link';
import { RuleEditor } from '../../../components/alerts/RuleEditor.tsx';

export const metadata = { title: 'New alert rule · Driftwood' };

export default function NewRulePage() {
  return (
    <div className="alerts-page">
      <div className="alerts-head">
        <Link href="/alerts" className="muted">
          ← Alerts
        </Link>
        <h1>Create rule</h1>
      </div>
      <RuleEditor />
    </div>
  );
}
