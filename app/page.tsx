export default function Home() {
  return (
    <main className="mx-auto max-w-2xl p-8">
      <h1 className="text-2xl font-semibold">Hookyard</h1>
      <p className="mt-2 text-slate-600">Webhook delivery is running. The API lives at /api/v1.</p>
    </main>
  );
}
