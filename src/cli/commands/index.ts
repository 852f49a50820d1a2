import type { Command } from "../command";
import { augmentCommand } from "./augment";
import { benchCommand } from "./bench";
import { classifyCommand } from "./classify";
import { demoCommand } from "./demo";
import { detectCommand } from "./detect";
import { evaluateCommand } from "./evaluate";
import { modelInfoCommand } from "./model-info";
import { synthCommand } from "./synth";
import { trainCommand } from "./train";

/** Every `ctc` subcommand, in the order help lists them. */
export const COMMANDS: readonly Command[] = [
  demoCommand,
  classifyCommand,
  detectCommand,
  evaluateCommand,
  synthCommand,
  augmentCommand,
  trainCommand,
  benchCommand,
  modelInfoCommand,
];
