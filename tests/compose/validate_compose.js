// Checks compose files against the current Compose Specification JSON schema (the copy npm's
// dclint ships), reporting every violation. There is no Docker engine on the build machines, so
// this is how docker-compose.yml is kept valid.   usage: node validate_compose.js FILE...
const fs = require('fs');
const path = require('path');
const YAML = require('yaml');
const Ajv = require('ajv');

const schemaPath = path.join(path.dirname(require.resolve('dclint/package.json')), 'schemas',
                             'compose.schema.json');
const schema = JSON.parse(fs.readFileSync(schemaPath, 'utf8'));
delete schema.$schema;  // ajv does not know the draft-07 URL the schema names
const validate = new Ajv({ allErrors: true, strict: false, validateFormats: false }).compile(schema);

let failures = 0;
for (const file of process.argv.slice(2)) {
  const document = YAML.parse(fs.readFileSync(file, 'utf8'));
  if (validate(document)) {
    console.log(`${file}: valid`);
    continue;
  }
  failures++;
  console.log(`${file}: INVALID`);
  for (const error of validate.errors) {
    const extra = error.params && error.params.additionalProperty
                      ? ` (${error.params.additionalProperty})` : '';
    console.log(`  ${error.instancePath || '/'} ${error.message}${extra}`);
  }
}
process.exit(failures ? 1 : 0);
