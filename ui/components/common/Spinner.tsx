/** The thin moving bar shown while something loads. */
export function Spinner({ testId }: { testId?: string }) {
  return <div className="loading-bar" data-testid={testId} />;
}
