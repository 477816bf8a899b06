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
const output = JSON.parse(solc.compile(JSON.stringify(input)));
const errors = (output.errors || []).filter(e => e.severity === 'error');
for (const e of output.errors || []) {
  console.error(e.formattedMessage.trim());
}
if (errors.length > 0) {
  process.exit(1);
}
fs.mkdirSync(outDir, { recursive: true });
for (const file of Object.keys(output.contracts)) {
  for (const [name, c] of Object.entries(output.contracts[file])) {
    fs.writeFileSync(path.join(outDir, name + '.abi'), JSON.stringify(c.abi));
    fs.writeFileSync(path.join(outDir, name + '.bin'), c.evm.bytecode.object);
    console.log('compiled ' + name + ' (solc ' + solc.version() + ')');
  }
}
