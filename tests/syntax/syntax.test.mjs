// Every .ps1, .psm1 and .psd1 in the repository parses with zero errors; the deliberately broken files in
// bad/ must fail, which proves the check can fail.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findPowerShellFiles, syntaxErrors, describe, readSource } from './powershell-syntax.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const badFolder = join(here, 'bad');

const files = findPowerShellFiles(root, [badFolder]);

test('the repository has PowerShell files to check', () => {
  assert.ok(files.length >= 5, `found only ${files.length} files`);
});

for (const file of files) {
  test(`parses: ${describe(file, root)}`, () => {
    assert.deepEqual(syntaxErrors(readSource(file)), []);
  });
}

for (const file of findPowerShellFiles(badFolder)) {
  test(`is rejected: ${describe(file, root)}`, () => {
    assert.notDeepEqual(syntaxErrors(readSource(file)), []);
  });
}
