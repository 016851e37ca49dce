// Every Inngest function Hookyard serves at /api/inngest.
import { deliverFunction } from "./deliver";
import { fanOutFunction } from "./fan-out";
import { retentionFunction } from "./retention";
import { sweeperFunction } from "./sweeper";

export { deliverFunction, fanOutFunction, retentionFunction, sweeperFunction };
export const functions = [fanOutFunction, deliverFunction, sweeperFunction, retentionFunction];
