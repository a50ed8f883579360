// Checks a SARIF log against the SARIF 2.1.0 JSON schema (the OASIS schema,
// sarif-2.1.0-rtm.5.json, as @microsoft/jest-sarif ships it), with ajv.
// Usage: node sarif-valid.js FILE. Exits 1 with one line per schema error.
'use strict';
const fs = require('fs');
const Ajv = require('ajv');

const file = process.argv[2];
if (!file) {
  console.error('usage: node sarif-valid.js FILE');
  process.exit(2);
}
const schema = require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
// The schema is draft-04 (its identifier is `id`).
const ajv = new Ajv({ schemaId: 'id', meta: false, allErrors: true });
ajv.addMetaSchema(require('ajv/lib/refs/json-schema-draft-04.json'));
const validate = ajv.compile(schema);
const log = JSON.parse(fs.readFileSync(file, 'utf8'));
if (!validate(log)) {
  for (const e of validate.errors) console.log(`${file}: ${e.dataPath || '/'} ${e.message}`);
  process.exit(1);
}
console.log(`${file}: valid SARIF 2.1.0`);
