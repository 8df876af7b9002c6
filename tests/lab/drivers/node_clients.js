// Client-lab driver for the node MySQL clients (contract: tests/client_lab.rs), installed by
// `npm ci` in tests/lab/node:
//   node node_clients.js SETTING_ID HOST PORT CA_FILE   (LAB_USER, LAB_PASSWORD in the env)
// One connection with the setting the id names, written as a person writes it; one JSON line.
// The error text is what node prints first for an uncaught error: `String(err)` ("Error: …").
'use strict';

const fs = require('fs');
const path = require('path');

const [setting, host, portText, caFile] = process.argv.slice(2);
const port = Number(portText);
const user = process.env.LAB_USER;
const password = process.env.LAB_PASSWORD;
// Resolve the clients as a module of tests/lab/node would (package "exports" included).
const need = require('module').createRequire(path.join(__dirname, '..', 'node', 'package.json'));
const QUERY = "SHOW SESSION STATUS LIKE 'Ssl_version'";

function print(connected, tlsVersion, error) {
  process.stdout.write(JSON.stringify({ connected, tls_version: tlsVersion, error }) + '\n');
}

function versionOf(rows) {
  const row = rows && rows[0];
  return row ? String(row.Value) : '';
}

// Each returns a promise of the Ssl_version value; a refusal rejects with the client's error.
async function mysql2(ssl) {
  const conn = await need('mysql2/promise').createConnection({ host, port, user, password, ssl, connectTimeout: 10000 });
  try {
    const [rows] = await conn.query(QUERY);
    return versionOf(rows);
  } finally {
    await conn.end();
  }
}

function mysqljs(ssl) {
  return new Promise((resolve, reject) => {
    const conn = need('mysql').createConnection({ host, port, user, password, ssl, connectTimeout: 10000 });
    conn.connect((err) => {
      if (err) {
        conn.destroy();
        return reject(err);
      }
      conn.query(QUERY, (qerr, rows) => {
        conn.end();
        return qerr ? reject(qerr) : resolve(versionOf(rows));
      });
    });
  });
}

async function mariadb(ssl) {
  const conn = await need('mariadb').createConnection({ host, port, user, password, ssl, connectTimeout: 10000 });
  try {
    return versionOf(await conn.query(QUERY));
  } finally {
    await conn.end();
  }
}

const SETTINGS = {
  'mysql2-verify-identity': () => mysql2({ ca: fs.readFileSync(caFile), verifyIdentity: true }),
  'mysql2-ca-only': () => mysql2({ ca: fs.readFileSync(caFile) }),
  'node-mysql': () => mysqljs({ ca: fs.readFileSync(caFile) }),
  'node-mariadb': () => mariadb({ ca: fs.readFileSync(caFile) }),
};

const run = SETTINGS[setting];
if (!run) {
  process.stderr.write(`node_clients.js: unknown setting ${setting}\n`);
  process.exit(2);
}
run().then(
  (version) => print(true, version, null),
  (err) => {
    if (err && err.code === 'MODULE_NOT_FOUND') {
      // The client is not installed (npm ci in tests/lab/node): the driver is broken.
      process.stderr.write(`${err.message}\n`);
      process.exit(3);
    }
    print(false, null, String(err));
  },
);
