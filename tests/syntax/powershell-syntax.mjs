// Parses PowerShell source with the tree-sitter PowerShell grammar and reports where it does not parse.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import Parser from 'tree-sitter';
import PowerShell from 'tree-sitter-powershell';

const parser = new Parser();
parser.setLanguage(PowerShell);

const extensions = ['.ps1', '.psm1', '.psd1'];
const skippedFolders = new Set(['.git', 'node_modules', 'bin', 'obj', 'out', 'TestResults']);

/** Every PowerShell file under root, skipping build output, dependencies and the given folders. */
export function findPowerShellFiles(root, excluded = []) {
  const found = [];
  const walk = (folder) => {
    for (const name of readdirSync(folder)) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) {
        if (!skippedFolders.has(name) && !excluded.includes(path)) walk(path);
      } else if (extensions.some((e) => name.toLowerCase().endsWith(e))) {
        found.push(path);
      }
    }
  };
  walk(root);
  return found.sort();
}

/** The places a file fails to parse: ERROR and MISSING nodes with their line and column. */
export function syntaxErrors(source) {
  // A byte-order mark is legal in PowerShell files but not part of the grammar.
  const tree = parser.parse(source.replace(/^\uFEFF/, ''), null, { bufferSize: 1024 * 1024 });
  const errors = [];
  const visit = (node) => {
    if (node.isError || node.isMissing) {
      errors.push(`${node.startPosition.row + 1}:${node.startPosition.column + 1} ${node.isMissing ? 'missing ' + node.type : 'unexpected ' + JSON.stringify(node.text.slice(0, 40))}`);
      return;
    }
    if (node.hasError) {
      for (const child of node.children) visit(child);
    }
  };
  visit(tree.rootNode);
  return errors;
}

export function describe(path, root) {
  return relative(root, path);
}

export function readSource(path) {
  return readFileSync(path, 'utf8');
}
