// Compiles src/main/solidity/*.sol with the pinned solcjs (standard JSON) into
// <out>/<Contract>.abi and <Contract>.bin, the names web3j's codegen and the jar expect.
const fs = require('fs');
const path = require('path');
const solc = require('solc');

const [srcDir, outDir] = process.argv.slice(2);
const sources = {};
for (const f of fs.readdirSync(srcDir).filter(f => f.endsWith('.sol')).sort()) {
  sources[f] = { content: fs.readFileSync(path.join(srcDir, f), 'utf8') };
}
const input = {
  language: 'Solidity',
  sources,
  settings: {
    optimizer: { enabled: true, runs: 200 },
    evmVersion: 'cancun',
    outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
  },
};
// Imports such as @openzeppelin/contracts/... come from the pinned npm packages.
function findImports(importPath) {
  const candidate = path.join(__dirname, '..', 'node_modules', importPath);
  if (fs.existsSync(candidate)) {
    return { contents: fs.readFileSync(candidate, 'utf8') };
  }
  return { error: 'not found: ' + importPath };
}
const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));
const errors = (output.errors || []).filter(e => e.severity === 'error');
for (const e of output.errors || []) {
  console.error(e.formattedMessage.trim());
}
if (errors.length > 0) {
  process.exit(1);
}
fs.mkdirSync(outDir, { recursive: true });
// Only the project's own contracts; imported libraries are compiled into them.
for (const file of Object.keys(output.contracts).filter(f => f in sources)) {
  for (const [name, c] of Object.entries(output.contracts[file])) {
    fs.writeFileSync(path.join(outDir, name + '.abi'), JSON.stringify(c.abi));
    fs.writeFileSync(path.join(outDir, name + '.bin'), c.evm.bytecode.object);
    console.log('compiled ' + name + ' (solc ' + solc.version() + ')');
  }
}
