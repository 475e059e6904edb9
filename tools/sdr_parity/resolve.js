#!/usr/bin/env node
// Resolve Salesforce projects with the Salesforce CLI's own resolver (@salesforce/source-deploy-retrieve),
// for tests/test_sdr_parity.py. Usage: node resolve.js ROOT... ; prints one JSON object:
// {ROOT: {"components": [[type, fullName, file], ...], "refused": [[file, message], ...]}}, files relative
// to ROOT. Each root is resolved as `ComponentSet.fromSource(root)` does, with the registry presets of the
// root's sfdx-project.json and its .forceignore, as `sf project deploy start --source-dir ROOT` would.
// The resolver stops at the first file it refuses (a certificate without its body ...): such a file is
// listed in "refused" and removed from a temporary copy of the root, which is resolved again.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { ComponentSet, RegistryAccess } = require('@salesforce/source-deploy-retrieve');

function filesOf(component) {
  const files = new Set();
  const add = (c) => {
    if (c.xml) files.add(c.xml);
    if (c.content) {
      for (const f of c.walkContent()) files.add(f);
    }
    for (const child of c.getChildren()) add(child);
  };
  add(component);
  return [...files];
}

function resolve(root) {
  const registry = new RegistryAccess(undefined, root);
  const set = ComponentSet.fromSource({ fsPaths: [root], registry });
  const out = [];
  for (const component of set.getSourceComponents()) {
    // A part resolved on its own (an object's field without the object's own file) belongs to its parent.
    const owner = component.parent ?? component;
    for (const file of filesOf(component)) {
      out.push([owner.type.name, owner.fullName, path.relative(root, file).split(path.sep).join('/')]);
    }
  }
  return out;
}

/** The file below ``dir`` that an error message names ("/dir/x.xml: ...", "... [/dir/x.xml] ..."), or ''. */
function refusedFile(message, dir) {
  const start = message.indexOf(dir + path.sep);
  if (start < 0) return '';
  const rest = message.slice(start);
  const end = rest.search(/\]|: /);
  return end < 0 ? rest : rest.slice(0, end);
}

function resolveAll(root) {
  const refused = [];
  let dir = root;
  let copy;
  try {
    for (;;) {
      try {
        return { components: resolve(dir), refused };
      } catch (err) {
        const message = `${err.name}: ${err.message}`;
        const file = refusedFile(err.message, dir);
        if (!file || !fs.existsSync(file) || refused.length >= 2000) return { error: message, refused };
        if (copy === undefined) {
          copy = fs.mkdtempSync(path.join(os.tmpdir(), 'sdr-parity-'));
          dir = path.join(copy, path.basename(root));
          fs.cpSync(root, dir, { recursive: true });
          refused.push([path.relative(root, path.join(root, path.relative(root, file))), message]);
          fs.rmSync(path.join(dir, path.relative(root, file)));
        } else {
          refused.push([path.relative(dir, file), message]);
          fs.rmSync(file);
        }
      }
    }
  } finally {
    if (copy !== undefined) fs.rmSync(copy, { recursive: true, force: true });
  }
}

const result = {};
for (const root of process.argv.slice(2)) {
  result[root] = resolveAll(path.resolve(root));
}
process.stdout.write(JSON.stringify(result));
