// Every Inngest function Hookyard serves at /api/inngest.
import { deliverFunction } from "./deliver";
import { fanOutFunction } from "./fan-out";
import { sweeperFunction } from "./sweeper";

export { deliverFunction, fanOutFunction, sweeperFunction };
export const functions = [fanOutFunction, deliverFunction, sweeperFunction];
