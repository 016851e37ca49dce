import { NotFoundMessage } from "@/components/layout/not-found-message";

export default function NotFound() {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center px-6 text-center">
      <NotFoundMessage />
    </main>
  );
}
