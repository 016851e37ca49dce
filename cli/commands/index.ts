// Every CLI command, in the order help lists them.
import type { CommandSpec } from "../command";
import { keyCommands } from "./keys";
import { migrateCommands } from "./migrate";
import { tenantCommands } from "./tenants";
import { userCommands } from "./users";

export const COMMANDS: CommandSpec[] = [...keyCommands, ...tenantCommands, ...userCommands, ...migrateCommands];
