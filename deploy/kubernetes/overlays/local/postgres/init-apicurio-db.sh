#!/bin/sh
# Run once by the postgres image's entrypoint on an empty data directory (docker-entrypoint-initdb.d): Apicurio
# Registry's own user and database beside Kindred's, on the same server. Used by overlays/local and docker-compose.yml.
set -e
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v user="$APICURIO_DB_USER" -v password="$APICURIO_DB_PASSWORD" <<'SQL'
CREATE USER :"user" WITH PASSWORD :'password';
CREATE DATABASE apicurio OWNER :"user";
SQL
