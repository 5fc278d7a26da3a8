#!/bin/sh
# Makes a private CA and the certificates docker-compose.yml mounts (run once, from the repository root):
#   sh deploy/tls/make-certs.sh
# ca.crt        the CA every Driftwood container trusts (NODE_EXTRA_CA_CERTS, the shipper's
#               ssl.certificate_authorities); keep ca.key offline, or delete it after signing.
# opensearch.*  OpenSearch's HTTPS certificate (names: opensearch, localhost)
# indexer.*     the indexer's HTTPS certificate (names: indexer, localhost)
# Keys are 0600 and handed to uid 1000 (the `node` user of the Driftwood image, also OpenSearch's user)
# when this runs as root; otherwise run `sudo chown 1000:1000 deploy/tls/*.key`.
# Bring your own instead: put your CA as ca.crt and your certificates under the same names.
set -eu
cd "$(dirname "$0")"
days=${DAYS:-825}
umask 077
if [ ! -f ca.crt ]; then
  openssl req -x509 -newkey rsa:3072 -nodes -keyout ca.key -out ca.crt -days 3650 -subj "/CN=Driftwood compose CA"
fi
for name in opensearch indexer; do
  [ -f "$name.crt" ] && continue
  openssl req -newkey rsa:3072 -nodes -keyout "$name.key.pem" -out "$name.csr" -subj "/CN=$name"
  # OpenSearch wants PKCS#8 keys; Node reads either.
  openssl pkcs8 -topk8 -nocrypt -in "$name.key.pem" -out "$name.key"
  rm -f "$name.key.pem"
  printf 'subjectAltName=DNS:%s,DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n' "$name" > "$name.ext"
  openssl x509 -req -in "$name.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -out "$name.crt" -days "$days" -extfile "$name.ext"
  rm -f "$name.csr" "$name.ext"
done
chmod 0644 ca.crt opensearch.crt indexer.crt
chmod 0600 ca.key opensearch.key indexer.key
if [ "$(id -u)" = 0 ]; then chown 1000:1000 opensearch.key indexer.key; fi
echo "certificates in $(pwd): ca.crt opensearch.crt indexer.crt (keys 0600)"
