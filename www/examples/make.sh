#!/bin/sh
# Regenerates the example inputs the web UI's example buttons load (run once; the outputs are
# committed and embedded with include_str!). The CA names copy Amazon RDS's G1 naming so the
# RDS catalogue recognises them, but the keys are made here: the real RDS bundle cannot verify
# these certificates, which is why the example bundle holds the example root.
#
# `openssl ca` is used instead of `openssl x509 -req` because OpenSSL 3.0 can set explicit
# start and end dates only there; fixed dates keep the examples valid whatever today is.
set -eu
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

DN_BASE="/C=US/O=Amazon Web Services, Inc./OU=Amazon RDS/ST=WA"
ROOT_CN="Amazon RDS us-east-1 Root CA RSA2048 G1"
SUB_CN="Amazon RDS us-east-1 Subordinate CA RSA2048 G1.A.1"
HOST="mydb.abc123xyz.us-east-1.rds.amazonaws.com"
START=20240601000000Z

cat > "$work/ca.cnf" <<CNF
[ca]
default_ca = example
[example]
dir = $work
database = $work/index.txt
serial = $work/serial
new_certs_dir = $work
default_md = sha256
policy = anything
unique_subject = no
copy_extensions = none
[anything]
commonName = optional
[root_ext]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign, digitalSignature
subjectKeyIdentifier = hash
[sub_ext]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign, digitalSignature
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[leaf_ext]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:$HOST
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
CNF
: > "$work/index.txt"
echo 1000 > "$work/serial"

ca() { openssl ca -batch -notext -preserveDN -config "$work/ca.cnf" -startdate "$START" "$@" 2>/dev/null; }

for k in root sub leaf; do openssl genrsa -out "$work/$k.key" 2048 2>/dev/null; done
openssl req -new -key "$work/root.key" -subj "$DN_BASE/CN=$ROOT_CN/L=Seattle" -out "$work/root.csr"
ca -selfsign -keyfile "$work/root.key" -enddate 20610101000000Z -extensions root_ext -in "$work/root.csr" -out "$work/root.pem"
openssl req -new -key "$work/sub.key" -subj "$DN_BASE/CN=$SUB_CN/L=Seattle" -out "$work/sub.csr"
ca -cert "$work/root.pem" -keyfile "$work/root.key" -enddate 20450101000000Z -extensions sub_ext -in "$work/sub.csr" -out "$work/sub.pem"
openssl req -new -key "$work/leaf.key" -subj "/CN=$HOST" -out "$work/leaf.csr"
ca -cert "$work/sub.pem" -keyfile "$work/sub.key" -enddate 20400101000000Z -extensions leaf_ext -in "$work/leaf.csr" -out "$work/leaf.pem"

# The served chain as a server configured with ssl_cert = leaf + intermediate sends it.
cp "$work/root.pem" bundle.pem
cat "$work/leaf.pem" "$work/sub.pem" > chain-ok.pem
cp "$work/leaf.pem" chain-leaf-only.pem
openssl x509 -in chain-ok.pem -noout -subject -issuer -enddate
