#!/usr/bin/env node
'use strict';

// Reads one OnboardingRequest as a JSON object on standard input (requestedAt and deadline in epoch
// milliseconds; provider, deadline and metadata may be left out for their schema defaults) and writes
// its Avro single-object encoding, the bytes of a Kafka record value for the requests topic, to
// standard output.
//
//   echo '{"requestId":"r1",...}' | node write-request.js > request.bin

const { loadType, encode, readStdin } = require('./avro-single-object');

async function main() {
  const text = (await readStdin()).toString('utf8');
  let request;
  try {
    request = JSON.parse(text);
  } catch (e) {
    throw new Error(`standard input is not JSON: ${e.message}`);
  }
  if (request === null || typeof request !== 'object' || Array.isArray(request)) {
    throw new Error('standard input must be one JSON object with the OnboardingRequest fields');
  }
  process.stdout.write(encode(loadType('OnboardingRequest'), request));
}

main().catch((e) => {
  process.stderr.write(`write-request: ${e.message}\n`);
  process.exitCode = 1;
});
