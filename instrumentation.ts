// Next.js calls register() once when a server process starts. The condition is written the way
// Next recognises, so the Node-only module is left out of the Edge build.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { startWebProcess } = await import("./lib/runtime/web");
    await startWebProcess();
  }
}
