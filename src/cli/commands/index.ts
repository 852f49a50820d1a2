import type { Command } from "../command";
import { classifyCommand } from "./classify";
import { demoCommand } from "./demo";
import { modelInfoCommand } from "./model-info";

/** Every `ctc` subcommand, in the order help lists them. */
export const COMMANDS: readonly Command[] = [demoCommand, classifyCommand, modelInfoCommand];
