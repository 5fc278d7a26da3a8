export default function Home() {
  return (
    <main>
      <h1>Driftwood</h1>
      <p>Discover, dashboards and alerts arrive here.</p>
    </main>
  );
}
