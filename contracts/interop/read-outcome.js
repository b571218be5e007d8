#!/usr/bin/env node
'use strict';

// Reads the value of one outcomes-topic record (an OnboardingOutcome in Avro single-object encoding) on
// standard input and prints the decoded record as one JSON object: enums as their symbols, timestamps
// as epoch milliseconds, an absent platform as null.
//
//   node read-outcome.js < outcome.bin

const { loadType, decode, toPlain, readStdin } = require('./avro-single-object');

async function main() {
  const outcome = decode(loadType('OnboardingOutcome'), await readStdin());
  process.stdout.write(`${JSON.stringify(toPlain(outcome))}\n`);
}

main().catch((e) => {
  process.stderr.write(`read-outcome: ${e.message}\n`);
  process.exitCode = 1;
});
