#!/usr/bin/env node
'use strict';

// Validates the contract documents with the real tools, not with our own reading of them:
//   node validate.js asyncapi ../cmk-worker.asyncapi.yaml   @asyncapi/parser, with the Avro schema parser
//   node validate.js openapi  ../platform-api.openapi.yaml  @redocly/openapi-core lint, "recommended" rules
// Prints one JSON object: {"tool", "document", "errors": [...], "warnings": [...]}, each problem with its
// message and where it is. Exits 0 when it ran (whatever it found), 1 when it could not run.

const fs = require('fs');
const path = require('path');

async function asyncapi(file) {
  const { Parser, fromFile } = require('@asyncapi/parser');
  const { AvroSchemaParser } = require('@asyncapi/avro-schema-parser');
  const parser = new Parser();
  parser.registerSchemaParser(AvroSchemaParser());
  const { document, diagnostics } = await fromFile(parser, file).parse();
  // Spectral severities: 0 error, 1 warning, 2 information, 3 hint.
  const problem = (d) => ({ message: d.message, code: d.code, path: d.path.join('.') });
  return {
    tool: '@asyncapi/parser',
    parsed: document !== undefined,
    errors: diagnostics.filter((d) => d.severity === 0).map(problem),
    warnings: diagnostics.filter((d) => d.severity === 1).map(problem),
  };
}

async function openapi(file) {
  const { lint, loadConfig } = require('@redocly/openapi-core');
  const config = await loadConfig({ configPath: undefined });
  const problems = await lint({ ref: file, config });
  const problem = (p) => ({
    message: p.message,
    code: p.ruleId,
    path: (p.location || []).map((l) => l.pointer).join(' '),
  });
  return {
    tool: '@redocly/openapi-core',
    parsed: true,
    errors: problems.filter((p) => p.severity === 'error').map(problem),
    warnings: problems.filter((p) => p.severity === 'warn').map(problem),
  };
}

async function main() {
  const [kind, document] = process.argv.slice(2);
  const tools = { asyncapi, openapi };
  if (!tools[kind] || !document) {
    throw new Error('usage: node validate.js asyncapi|openapi FILE');
  }
  const file = path.resolve(document);
  if (!fs.existsSync(file)) {
    throw new Error(`no such file: ${file}`);
  }
  const result = await tools[kind](file);
  process.stdout.write(`${JSON.stringify({ ...result, document: file })}\n`);
}

main().catch((e) => {
  process.stderr.write(`validate: ${e.stack || e.message}\n`);
  process.exitCode = 1;
});
