#!/usr/bin/env node
// Read a package.xml with the Salesforce CLI's own library (@salesforce/source-deploy-retrieve), as
// `sf project retrieve start --manifest` does, for tests/test_manifest.py. Usage: node manifest.js FILE ;
// prints {"apiVersion": "...", "components": [[type, member], ...]}. A type the CLI's registry does not
// know is an error (exit 1 with the library's message).
'use strict';
const { ComponentSet } = require('@salesforce/source-deploy-retrieve');

ComponentSet.fromManifest({ manifestPath: process.argv[2] })
  .then((set) => {
    const components = [...set].map((c) => [c.type.name, c.fullName]);
    process.stdout.write(JSON.stringify({ apiVersion: set.sourceApiVersion, components }));
  })
  .catch((error) => {
    process.stderr.write(`${error}\n`);
    process.exit(1);
  });
