// Test certificates made at test time with the openssl CLI.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function inTemp(fn) {
  const dir = mkdtempSync(join(tmpdir(), 'mtd-certs-'));
  try {
    return fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const openssl = (args) => execFileSync('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'] });

/** A self-signed certificate whose CN is `cn` (e.g. markup), as PEM. */
export function selfSigned(cn) {
  return inTemp((dir) => {
    openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '30',
      '-subj', `/CN=${cn}`, '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem')]);
    return readFileSync(join(dir, 'c.pem'), 'utf8');
  });
}

/** A fresh PKCS#8 private key, as PEM. */
export function privateKey() {
  return openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256']).toString();
}

/** A PEM certificate converted to DER bytes. */
export function toDer(pem) {
  return execFileSync('openssl', ['x509', '-outform', 'DER'], { input: pem, stdio: ['pipe', 'pipe', 'pipe'] });
}
