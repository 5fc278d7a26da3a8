import { RulePage } from '../../../components/alerts/RulePage.tsx';

export const metadata = { title: 'Alert rule · Driftwood' };

export default async function AlertRulePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <RulePage id={decodeURIComponent(id)} />;
}
