#!/bin/sh
# npm audit of the production dependencies, failing on high or critical advisories.
# Not part of `npm test`: it needs the registry's audit endpoint
# (POST /-/npm/v1/security/advisories/bulk), which offline machines and some registry mirrors do not
# offer (on the development machine it answered 405 Method Not Allowed). Run it in CI where the
# public registry is reachable:  sh test/reliability/npm-audit.sh
set -eu
cd "$(dirname "$0")/../.."
exec npm audit --omit=dev --audit-level=high "$@"
