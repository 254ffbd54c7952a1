#!/usr/bin/env node
import { readEnvironment } from '../config.js';
import { processIo } from './process-io.js';
import { COMMANDS } from './registry.js';
import { runCli } from './run-cli.js';

const isDebug = readEnvironment().LOG_LEVEL === 'debug';
process.exitCode = await runCli(process.argv.slice(2), COMMANDS, processIo, isDebug);
