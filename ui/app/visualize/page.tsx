import { VisualizeList } from '../../components/visualize/VisualizeList.tsx';

export const metadata = { title: 'Visualize · Driftwood' };

export default function VisualizePage() {
  return <VisualizeList />;
}
