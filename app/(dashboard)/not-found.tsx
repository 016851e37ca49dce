// Inside the dashboard shell, which already has the page's <main> and fills the screen.
import { NotFoundMessage } from "@/components/layout/not-found-message";

export default function NotFound() {
  return (
    <div className="flex min-h-[60vh] flex-col items-center justify-center text-center">
      <NotFoundMessage />
    </div>
  );
}
